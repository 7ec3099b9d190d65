namespace Liuhu.Core.Catalogues;

/// <summary>A name and a count or a headcount sum; long, because headcounts summed over a city's posts must not overflow.</summary>
public sealed record NameCount(string Name, long Count);

public sealed record SalaryQuartiles(int P25, int P50, int P75);

public sealed record TitleDemand(string Title, int Posts, long Headcount, int Employers);

public sealed record TitleChange(string Title, long Before, long After);

public sealed record LongOpenPost(string VacancyId, string Title, string EmployerName, string? Cluster, int Headcount, DateTimeOffset FirstSeenAt, int DaysOpen);

/// <summary>Demand in one cluster (or overall) for a period.</summary>
public sealed record ClusterDemand(
    string Code,
    string Name,
    int Posts,
    long Headcount,
    int Employers,
    IReadOnlyList<NameCount> DegreeMix,
    IReadOnlyList<NameCount> TopMajors,
    IReadOnlyList<NameCount> TopSkills,
    SalaryQuartiles? Salary,
    IReadOnlyList<NameCount> Districts,
    int FittingGraduates,
    double? ShortageIndex,
    string Level,
    IReadOnlyList<TitleDemand> Titles);

/// <summary>Demand in one group of posts that is not a cluster (a 岗位类别, an employer tag): counts only, since
/// shortage and pay are judged per cluster.</summary>
public sealed record GroupDemand(string Code, string Name, int Posts, long Headcount, int Employers);

public sealed record CatalogueChange(IReadOnlyList<string> NewTitles, IReadOnlyList<TitleChange> Grown, IReadOnlyList<TitleChange> Shrunk);

/// <summary>人才需求目录: what employers in Hohhot are asking for in a month, by cluster.</summary>
public sealed record Catalogue(
    string Period,
    DateTimeOffset PublishedAt,
    string ShortageRule,
    ClusterDemand Overall,
    IReadOnlyList<ClusterDemand> Clusters,
    CatalogueChange Change,
    IReadOnlyList<LongOpenPost> LongOpen,
    IReadOnlyList<GroupDemand>? ByPostKind = null,
    IReadOnlyList<GroupDemand>? ByEmployerTag = null)
{
    /// <summary>By 岗位类别; empty for a catalogue published before the breakdown existed.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<GroupDemand> PostKinds => ByPostKind ?? [];

    /// <summary>By 企业标签 (a post with two tags counts under both); empty for an older catalogue.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<GroupDemand> EmployerTags => ByEmployerTag ?? [];
}
