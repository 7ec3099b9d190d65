using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Liuhu.Core.Domain;
using Liuhu.Core.Ledgers;
using Liuhu.Core.Storage;
using Microsoft.Extensions.Options;

namespace Liuhu.Core.Graduates;

/// <summary>Profiles in the Graduates table. The partition is a 2-hex-digit bucket of the id's hash, so that
/// a university's file (ids in sequence) spreads over 256 partitions and can still be written in batches;
/// the row key is the id, so a profile is a point read. Personal data is encrypted per value. Each write also
/// appends the profile's feature fields to its history (<see cref="GraduateProfileVersions"/>, partitions
/// <c>v..</c> of the same table), so that training sees a profile as it was when a post was shown.</summary>
public sealed class TableGraduateStore(StorageClients clients, IPersonalDataProtector protector, IOptions<LedgerLimits> limits, GraduateProfileVersions versions) : IGraduateStore
{
    private readonly TableClient table = clients.Table(StorageNames.GraduatesTable);

    public static string PartitionOf(string graduateId) =>
        "g" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(graduateId)).AsSpan(0, 1));

    public async Task UpsertAsync(GraduateProfile profile, CancellationToken cancellationToken)
    {
        var entity = ToEntity(profile);
        TableLimits.EnsureWithinLimits(entity);

        // The version first: a retry after a failure between the two writes the same version row again.
        await versions.RecordAsync(profile, cancellationToken);
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Writes profiles in batches as they come; each profile must come once.</summary>
    public Task UpsertManyAsync(IAsyncEnumerable<GraduateProfile> profiles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        // Versions and profiles in one stream: different partitions of one table, so the writer batches each apart.
        var actions = profiles.SelectMany(p => new[]
        {
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, versions.ToEntity(p)),
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(p)),
        }.ToAsyncEnumerable());
        return TableBatchWriter.WriteAsync(table, actions, limits.Value.WriteParallelism, cancellationToken);
    }

    public async Task<GraduateProfile?> GetAsync(string graduateId, CancellationToken cancellationToken)
    {
        if (!GraduateIds.IsValid(graduateId))
        {
            return null;
        }

        var response = await table.GetEntityIfExistsAsync<TableEntity>(PartitionOf(graduateId), graduateId, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!, withPersonalData: true) : null;
    }

    public async IAsyncEnumerable<GraduateProfile> ReadAllAsync(bool withPersonalData, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Profiles only (partitions g00–gff), never the version history.
        var profilesOnly = TableClient.CreateQueryFilter($"PartitionKey ge {"g"} and PartitionKey lt {"h"}");
        await foreach (var e in table.QueryAsync<TableEntity>(profilesOnly, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            yield return FromEntity(e, withPersonalData);
        }
    }

    public async Task<bool> DeleteAsync(string graduateId, CancellationToken cancellationToken)
    {
        if (!GraduateIds.IsValid(graduateId))
        {
            return false;
        }

        var response = await table.DeleteEntityAsync(PartitionOf(graduateId), graduateId, cancellationToken: cancellationToken);
        var history = await versions.DeleteAsync(graduateId, cancellationToken);
        return response.Status != 404 || history > 0;
    }

    private TableEntity ToEntity(GraduateProfile p)
    {
        var e = new TableEntity(PartitionOf(p.GraduateId), p.GraduateId)
        {
            ["NameProtected"] = protector.Protect(p.Name),
            ["PhoneProtected"] = protector.Protect(p.Phone),
            ["GenderProtected"] = protector.Protect(p.Gender),
            ["EthnicityProtected"] = protector.Protect(p.Ethnicity),
            ["Degree"] = Degrees.Code(p.Degree),
            ["Major"] = p.Major,
            ["MajorCode"] = p.MajorCode,
            ["University"] = p.University,
            ["GraduationYear"] = p.GraduationYear,
            ["Skills"] = JsonLists.Write(p.Skills),
            ["Certificates"] = JsonLists.Write(p.Certificates),
            ["PreferredClusters"] = JsonLists.Write(p.PreferredClusters),
            ["PreferredDistricts"] = JsonLists.Write(p.PreferredDistricts),
            ["ExpectedSalary"] = p.ExpectedSalary,
            ["Residency"] = p.Residency?.ToString(),
            ["LeftSchoolUnemployed"] = p.LeftSchoolUnemployed,
            ["ConsentMatching"] = p.Consent.Matching,
            ["ConsentShare"] = p.Consent.ShareWithEmployers,
            ["Source"] = p.Source,
            ["UpdatedAt"] = p.UpdatedAt,
        };
        return e.WithoutNulls();
    }

    private GraduateProfile FromEntity(TableEntity e, bool withPersonalData) => new()
    {
        GraduateId = e.RowKey,
        Name = withPersonalData ? protector.Unprotect(e.GetString("NameProtected")) : null,
        Phone = withPersonalData ? protector.Unprotect(e.GetString("PhoneProtected")) : null,
        Gender = withPersonalData ? protector.Unprotect(e.GetString("GenderProtected")) : null,
        Ethnicity = withPersonalData ? protector.Unprotect(e.GetString("EthnicityProtected")) : null,
        Degree = Enum.TryParse<Degree>(e.GetString("Degree"), true, out var d) ? d : Degree.Any,
        Major = e.GetString("Major"),
        MajorCode = e.GetString("MajorCode"),
        University = e.GetString("University"),
        GraduationYear = e.GetInt32("GraduationYear"),
        Skills = JsonLists.Read(e.GetString("Skills")),
        Certificates = JsonLists.Read(e.GetString("Certificates")),
        PreferredClusters = JsonLists.Read(e.GetString("PreferredClusters")),
        PreferredDistricts = JsonLists.Read(e.GetString("PreferredDistricts")),
        ExpectedSalary = e.GetInt32("ExpectedSalary"),
        Residency = Enum.TryParse<Residency>(e.GetString("Residency"), out var r) ? r : null,
        LeftSchoolUnemployed = e.GetBoolean("LeftSchoolUnemployed") ?? false,
        Consent = new Consent(e.GetBoolean("ConsentMatching") ?? false, e.GetBoolean("ConsentShare") ?? false),
        Source = e.GetString("Source") ?? "api",
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? default,
    };
}
