using System.Globalization;
using Azure.Data.Tables;
using Liuhu.Core.Domain;

namespace Liuhu.Core.Storage;

/// <summary>Maps a <see cref="Vacancy"/> to its table row: partition = employer credit code, row = the rest
/// of the vacancy id. Lists are stored as JSON arrays; each employer tag is also a true/absent column of its own
/// (<see cref="TagColumn"/>), so that a list can be filtered by tag in storage and page correctly.</summary>
public static class VacancyEntities
{
    /// <summary>The column that marks a post with <paramref name="tag"/>: a fixed name per tag, never built from input.</summary>
    public static string TagColumn(EmployerTag tag) => tag switch
    {
        EmployerTag.Specialised => "TagSpecialised",
        EmployerTag.ChainLeader => "TagChainLeader",
        EmployerTag.StateOwned => "TagStateOwned",
        EmployerTag.Private => "TagPrivate",
        _ => throw new ArgumentOutOfRangeException(nameof(tag)),
    };

    public static TableEntity ToEntity(Vacancy v)
    {
        ArgumentNullException.ThrowIfNull(v);
        if (!VacancyIds.TrySplit(v.VacancyId, out var pk, out var rk))
        {
            throw new TableLimitException($"Vacancy id '{v.VacancyId}' cannot be a table key.");
        }

        // Absent values are left out rather than written as null, which the service does not store anyway.
        var e = new TableEntity(pk, rk);
        Put(e, "EmployerName", v.EmployerName);
        Put(e, "Title", v.Title);
        Put(e, "PostCode", v.PostCode);
        Put(e, "Cluster", v.Cluster);
        Put(e, "Headcount", v.Headcount);
        Put(e, "Degree", Degrees.Code(v.Degree));
        Put(e, "Majors", JsonLists.Write(v.Majors));
        Put(e, "Skills", JsonLists.Write(v.Skills));
        Put(e, "Description", v.Description);
        Put(e, "SalaryText", v.SalaryText);
        Put(e, "SalaryMin", v.Salary.MonthlyMin);
        Put(e, "SalaryMax", v.Salary.MonthlyMax);
        Put(e, "SalaryNegotiable", v.Salary.Negotiable);
        Put(e, "District", v.District);
        Put(e, "Location", v.Location);
        Put(e, "Benefits", JsonLists.Write(v.Benefits));
        Put(e, "ContactName", v.ContactName);
        Put(e, "ContactPhone", v.ContactPhone);
        Put(e, "ExpiresOn", v.ExpiresOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Put(e, "PostKind", v.PostKind is { } kind ? PostKinds.Code(kind) : null);
        Put(e, "EmployerTags", v.EmployerTags.Count == 0 ? null : JsonLists.Write([.. v.EmployerTags.Select(EmployerTags.Code)]));
        Put(e, "FairIds", v.FairIds.Count == 0 ? null : JsonLists.Write(v.FairIds));
        Put(e, "Status", v.Status.ToString());
        Put(e, "LedgerId", v.LedgerId);
        Put(e, "SourceRow", v.SourceRow);
        Put(e, "FirstSeenAt", v.FirstSeenAt);
        Put(e, "UpdatedAt", v.UpdatedAt);
        foreach (var tag in v.EmployerTags)
        {
            e[TagColumn(tag)] = true;
        }

        return e;
    }

    private static void Put(TableEntity entity, string name, object? value)
    {
        if (value is not null)
        {
            entity.Add(name, value);
        }
    }

    public static Vacancy FromEntity(TableEntity e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var degree = Enum.TryParse<Degree>(e.GetString("Degree"), ignoreCase: true, out var d) ? d : Degree.Any;
        var status = Enum.TryParse<VacancyStatus>(e.GetString("Status"), ignoreCase: true, out var s) ? s : VacancyStatus.Open;
        return new Vacancy
        {
            VacancyId = $"{e.PartitionKey}-{e.RowKey}",
            EmployerCreditCode = e.PartitionKey,
            EmployerName = e.GetString("EmployerName") ?? string.Empty,
            Title = e.GetString("Title") ?? string.Empty,
            PostCode = e.GetString("PostCode"),
            Cluster = e.GetString("Cluster"),
            Headcount = e.GetInt32("Headcount") ?? 0,
            Degree = degree,
            Majors = JsonLists.Read(e.GetString("Majors")),
            Skills = JsonLists.Read(e.GetString("Skills")),
            Description = e.GetString("Description"),
            SalaryText = e.GetString("SalaryText"),
            Salary = new SalaryRange(e.GetInt32("SalaryMin"), e.GetInt32("SalaryMax"), e.GetBoolean("SalaryNegotiable") ?? false),
            District = e.GetString("District"),
            Location = e.GetString("Location"),
            Benefits = JsonLists.Read(e.GetString("Benefits")),
            ContactName = e.GetString("ContactName"),
            ContactPhone = e.GetString("ContactPhone"),
            ExpiresOn = DateOnly.TryParseExact(e.GetString("ExpiresOn"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var x) ? x : null,
            PostKind = PostKinds.TryParse(e.GetString("PostKind"), out var kind) ? kind : null,
            EmployerTags = [.. JsonLists.Read(e.GetString("EmployerTags")).Select(t => EmployerTags.TryParse(t, out var tag) ? (EmployerTag?)tag : null).OfType<EmployerTag>()],
            FairIds = JsonLists.Read(e.GetString("FairIds")),
            Status = status,
            LedgerId = e.GetString("LedgerId") ?? string.Empty,
            SourceRow = e.GetInt32("SourceRow") ?? 0,
            FirstSeenAt = e.GetDateTimeOffset("FirstSeenAt") ?? default,
            UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? default,
        };
    }
}
