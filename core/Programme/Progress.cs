using Liuhu.Core.Catalogues;

namespace Liuhu.Core.Programme;

public sealed record TargetProgress(string Code, string Name, int Achieved, int Target, double Share)
{
    /// <summary>The plan's 牵头单位 for the target.</summary>
    public string? LeadUnit { get; init; }
}

public sealed record RouteCount(string Code, string Name, int Count);

public sealed record OriginCount(Origin Code, string Name, int Count);

/// <summary>An activity indicator's figures: the total entered (and, for fairs, recorded) within the programme
/// year, against its target, with each unit's part.</summary>
public sealed record ActivityProgress(string Code, string Name, string Unit, long Target, long Achieved, double Share, string LeadUnit, string PlanItem,
    IReadOnlyList<NameCount> ByUnit);

/// <summary>The programme's figures as of <see cref="AsOf"/>. <see cref="Hired"/> is the number of graduates
/// employed within the programme year by any route, each counted once (the name is kept from when only hires
/// through posts were counted). A monthly snapshot has <see cref="Month"/> and counts employment dated up to that
/// month's end; the live document has none.</summary>
public sealed record Progress(
    DateTimeOffset AsOf,
    int Hired,
    int Goal,
    int Stretch,
    double ShareOfGoal,
    IReadOnlyList<TargetProgress> Targets,
    double? LeftSchoolUnemployedRate,
    double LeftSchoolUnemployedRateTarget,
    IReadOnlyList<NameCount> ByCluster,
    IReadOnlyList<NameCount> ByDistrict,
    IReadOnlyList<NameCount> ByMonth)
{
    public int Year { get; init; }

    public string? Month { get; init; }

    public IReadOnlyList<RouteCount> ByRoute { get; init; } = [];

    public IReadOnlyList<OriginCount> ByOrigin { get; init; } = [];

    public IReadOnlyList<NameCount> ByUniversity { get; init; } = [];

    public IReadOnlyList<ActivityProgress> Activities { get; init; } = [];

    /// <summary>Fairs recorded in Liuhu, per organiser (from <see cref="IFairActivitySource"/>; empty until fairs are recorded).</summary>
    public IReadOnlyList<FairActivity> Fairs { get; init; } = [];
}
