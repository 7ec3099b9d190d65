using System.Text.Json;
using Azure.Data.Tables;
using Liuhu.Core.Domain;
using Liuhu.Core.Storage;

namespace Liuhu.Core.Graduates;

/// <summary>What ranking can read of a profile at one moment: the fields features are computed from, in force from
/// <see cref="EffectiveFrom"/> until the next version. Never the name, phone, gender or ethnicity.</summary>
public sealed record ProfileVersion(DateTimeOffset EffectiveFrom, Degree Degree, string? Major, string? MajorCode, string? University, int? GraduationYear,
    IReadOnlyList<string> Skills, IReadOnlyList<string> Certificates, IReadOnlyList<string> PreferredClusters, IReadOnlyList<string> PreferredDistricts,
    int? ExpectedSalary, Residency? Residency, bool LeftSchoolUnemployed)
{
    public static ProfileVersion Of(GraduateProfile p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(p.UpdatedAt, p.Degree, p.Major, p.MajorCode, p.University, p.GraduationYear, p.Skills, p.Certificates, p.PreferredClusters,
            p.PreferredDistricts, p.ExpectedSalary, p.Residency, p.LeftSchoolUnemployed);
    }

    /// <summary>The profile as it was: <paramref name="current"/> (id, consent, source) with this version's fields.</summary>
    public GraduateProfile Apply(GraduateProfile current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return current with
        {
            Degree = Degree, Major = Major, MajorCode = MajorCode, University = University, GraduationYear = GraduationYear, Skills = Skills,
            Certificates = Certificates, PreferredClusters = PreferredClusters, PreferredDistricts = PreferredDistricts, ExpectedSalary = ExpectedSalary,
            Residency = Residency, LeftSchoolUnemployed = LeftSchoolUnemployed, UpdatedAt = EffectiveFrom,
        };
    }

    /// <summary>Whether two versions say the same (the time aside): a profile put again unchanged is no new version.</summary>
    public bool SameFieldsAs(ProfileVersion other) =>
        other is not null && JsonSerializer.Serialize(this with { EffectiveFrom = default }) == JsonSerializer.Serialize(other with { EffectiveFrom = default });
}

/// <summary>Every graduate's profile versions, for training: the profile in force when a post was shown.</summary>
public sealed class ProfileHistory(IReadOnlyDictionary<string, IReadOnlyList<ProfileVersion>> versions)
{
    public static readonly ProfileHistory Empty = new(new Dictionary<string, IReadOnlyList<ProfileVersion>>());

    public int Graduates => versions.Count;

    /// <summary>The profile as it was at <paramref name="at"/>: the last version in force by then; before the first
    /// recorded version (a profile stored before versions were kept), the first one, the closest known; with no
    /// versions, <paramref name="current"/>.</summary>
    public GraduateProfile At(GraduateProfile current, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (!versions.TryGetValue(current.GraduateId, out var list) || list.Count == 0)
        {
            return current;
        }

        var version = list[0];
        foreach (var v in list)
        {
            if (v.EffectiveFrom > at)
            {
                break;
            }

            version = v;
        }

        // One profile object per version, so that what is computed from it can be cached by reference.
        lock (applied)
        {
            return applied.TryGetValue(version, out var profile) ? profile : applied[version] = version.Apply(current);
        }
    }

    private readonly Dictionary<ProfileVersion, GraduateProfile> applied = new(ReferenceEqualityComparer.Instance);
}

/// <summary>The append-only history of each graduate's feature fields, kept in the Graduates table under its own
/// partitions (<c>v</c> + the profile's 2-hex-digit bucket; row key = id + "|" + effective-from ticks), so that a
/// profile and its version go in the same write stream and erasure finds both by id. Encrypted whole, as personal
/// data (the protector's key and rotation); read only by training, never by a list endpoint; deleted on erasure.</summary>
public sealed class GraduateProfileVersions(StorageClients clients, IPersonalDataProtector protector)
{
    private const string Prefix = "v";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TableClient table = clients.Table(StorageNames.GraduatesTable);

    public static string PartitionOf(string graduateId) => Prefix + TableGraduateStore.PartitionOf(graduateId)[1..];

    /// <summary>Whether a row of the Graduates table is a version rather than a profile.</summary>
    public static bool IsVersionPartition(string partitionKey) => partitionKey.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The version row of a profile put now: keyed by its time, so a retried write writes the same row.</summary>
    public TableEntity ToEntity(GraduateProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var entity = new TableEntity(PartitionOf(profile.GraduateId), $"{profile.GraduateId}|{profile.UpdatedAt.UtcTicks:D19}")
        {
            ["EffectiveFrom"] = profile.UpdatedAt,
            ["VersionProtected"] = protector.Protect(JsonSerializer.Serialize(ProfileVersion.Of(profile), Json)),
        };
        TableLimits.EnsureWithinLimits(entity);
        return entity;
    }

    /// <summary>Appends the profile's version unless the latest one says the same.</summary>
    public async Task RecordAsync(GraduateProfile profile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var latest = (await ReadAsync(profile.GraduateId, cancellationToken)).LastOrDefault();
        if (latest is not null && (latest.EffectiveFrom > profile.UpdatedAt || latest.SameFieldsAs(ProfileVersion.Of(profile))))
        {
            return;
        }

        await table.UpsertEntityAsync(ToEntity(profile), TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>One graduate's versions, oldest first.</summary>
    public async Task<List<ProfileVersion>> ReadAsync(string graduateId, CancellationToken cancellationToken)
    {
        var versions = new List<ProfileVersion>();
        await foreach (var e in table.QueryAsync<TableEntity>(Of(graduateId), cancellationToken: cancellationToken))
        {
            versions.Add(FromEntity(e));
        }

        return Collapse(versions);
    }

    /// <summary>Every graduate's versions (training reads them all, as it reads every profile).</summary>
    public async Task<ProfileHistory> ReadAllAsync(CancellationToken cancellationToken)
    {
        var byGraduate = new Dictionary<string, List<ProfileVersion>>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {Prefix} and PartitionKey lt {"w"}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            var id = e.RowKey[..e.RowKey.LastIndexOf('|')];
            (byGraduate.TryGetValue(id, out var list) ? list : byGraduate[id] = []).Add(FromEntity(e));
        }

        return new ProfileHistory(byGraduate.ToDictionary(g => g.Key, g => (IReadOnlyList<ProfileVersion>)Collapse(g.Value), StringComparer.Ordinal));
    }

    /// <summary>Deletes every version of a graduate (erasure). Returns how many there were.</summary>
    public async Task<int> DeleteAsync(string graduateId, CancellationToken cancellationToken)
    {
        var deleted = 0;
        await foreach (var e in table.QueryAsync<TableEntity>(Of(graduateId), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            await table.DeleteEntityAsync(e.PartitionKey, e.RowKey, cancellationToken: cancellationToken);
            deleted++;
        }

        return deleted;
    }

    private static string Of(string graduateId) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {PartitionOf(graduateId)} and RowKey gt {graduateId + "|"} and RowKey lt {graduateId + "}"}");

    private ProfileVersion FromEntity(TableEntity e) =>
        JsonSerializer.Deserialize<ProfileVersion>(protector.Unprotect(e.GetString("VersionProtected")) ?? "null", Json)
        ?? throw new InvalidOperationException("A profile version row without its content.");

    /// <summary>Oldest first, a version that repeats the one before it dropped (a ledger processed twice writes one
    /// row per attempt; they say the same).</summary>
    private static List<ProfileVersion> Collapse(List<ProfileVersion> versions)
    {
        var kept = new List<ProfileVersion>(versions.Count);
        foreach (var v in versions.OrderBy(v => v.EffectiveFrom))
        {
            if (kept.Count == 0 || !kept[^1].SameFieldsAs(v))
            {
                kept.Add(v);
            }
        }

        return kept;
    }
}
