using Liuhu.Core.Catalogues;
using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Core.Outcomes;

namespace Liuhu.Core.Programme;

/// <summary>What the progress figures are counted from, read by <see cref="ProgressService"/>.</summary>
public sealed record ProgressInputs(
    IReadOnlyList<Outcome> Hires,
    IReadOnlyList<EmploymentRecord> Records,
    IReadOnlyDictionary<string, Vacancy> Posts,
    IReadOnlyDictionary<string, GraduateFacts> Graduates,
    IReadOnlyDictionary<string, string> Universities,
    IReadOnlyList<ActivityFigure> Figures,
    IReadOnlyList<FairActivity> Fairs);

/// <summary>What progress needs of a graduate's profile (no personal data).</summary>
public sealed record GraduateFacts(Residency? Residency, bool LeftSchoolUnemployed, string? UniversityName);

/// <summary>One way one graduate was employed, with where it counts.</summary>
public sealed record CountedEmployment(string GraduateId, string Route, DateOnly On, string? District, string? Cluster, string? University, Origin Origin);

/// <summary>The counting rules, as one pure function of its inputs:
/// <list type="bullet">
/// <item>A graduate counts once, by the first qualifying route: the earliest employment date (Beijing time) within
/// the programme year (and, for a month's snapshot, up to that month's end). Ties on the date go to the route
/// listed first in <see cref="EmploymentRoutes.All"/> (签约就业 before 事业单位 before 基层项目 before 见习 before
/// 灵活就业 before 自主创业), then a hire through a post before a recorded one, then the lower post id or route code
/// (ordinal), so the same data always gives the same figures.</item>
/// <item>A hire through a post (a <c>hired</c> outcome) is 签约就业 unless the post's 岗位类别 says 见习, 事业单位 or
/// 三支一扶/基层项目; its cluster and district are the post's.</item>
/// <item>来呼/回呼/留呼 by <see cref="Origins.Of"/>: a university registered in Liuhu is taken to be in Hohhot.</item>
/// <item>Targets: 六大产业集群 counts jobs in a manufacturing cluster; 服务业和新业态, jobs in 现代服务业 plus
/// 灵活就业 and 自主创业 outside manufacturing; 基层项目, the three 基层服务项目 routes plus jobs in 公共岗位 posts.</item>
/// </list></summary>
public static class ProgressCount
{
    public const string CityUnit = "市级";

    public static Progress Compute(ProgressInputs inputs, ProgrammeOptions options, DateTimeOffset asOf, Period? month)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(options);
        var cutoff = month is { } m ? DateOnly.FromDateTime(m.End.ToOffset(Period.Beijing).DateTime) : DateOnly.MaxValue;
        var counted = First(inputs, options.Year, cutoff);

        int Count(Func<CountedEmployment, bool> where) => counted.Count(where);
        static bool Manufacturing(CountedEmployment e) => e.Cluster is { } c && Clusters.ByCode(c).IsManufacturing;
        var targets = new List<TargetProgress>
        {
            Target("manufacturing", "六大产业集群", Count(Manufacturing), options.ManufacturingTarget, "市发改委"),
            Target("services", "服务业和新业态", Count(e => !Manufacturing(e) && (e.Cluster == "services" || EmploymentRoutes.ByCode(e.Route).Group == RouteGroup.NewForms)), options.ServicesTarget, "市发改委"),
            Target("grassroots", "基层项目与公共岗位", Count(e => EmploymentRoutes.ByCode(e.Route).Group == RouteGroup.Grassroots || e.Cluster == "public"), options.GrassrootsTarget, "市人社局"),
        };

        var leftSchool = inputs.Graduates.Where(g => g.Value.LeftSchoolUnemployed).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        double? rate = leftSchool.Count == 0 ? null : Math.Round(counted.Count(e => leftSchool.Contains(e.GraduateId)) / (double)leftSchool.Count, 4);

        return new Progress(
            asOf,
            counted.Count,
            options.Goal,
            options.Stretch,
            Math.Round(counted.Count / (double)options.Goal, 4),
            targets,
            rate,
            options.LeftSchoolUnemployedRateTarget,
            Group(counted.Select(e => e.Cluster is { } c ? Clusters.ByCode(c).Name : "未注明")),
            Group(counted.Select(e => e.District is { } d ? Districts.ByCode(d).Name : "未注明")),
            counted.GroupBy(e => new Period(e.On.Year, e.On.Month).ToString()).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new NameCount(g.Key, g.Count())).ToList())
        {
            Year = options.Year,
            Month = month?.ToString(),
            ByRoute = EmploymentRoutes.All.Select(r => new RouteCount(r.Code, r.Name, counted.Count(e => e.Route == r.Code))).ToList(),
            ByOrigin = new[] { Origin.Come, Origin.Return, Origin.Stay, Origin.Unknown }.Select(o => new OriginCount(o, Origins.Name(o), counted.Count(e => e.Origin == o))).ToList(),
            ByUniversity = Group(counted.Select(e => UniversityName(e.University, inputs))),
            Activities = Activities(inputs, options.Year, month),
            Fairs = inputs.Fairs,
        };
    }

    /// <summary>Each counted graduate's first qualifying employment (see the class remarks for the order).</summary>
    public static List<CountedEmployment> First(ProgressInputs inputs, int year, DateOnly before)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var candidates = new List<(CountedEmployment Employment, int Source, string Tiebreak)>();
        foreach (var hire in inputs.Hires)
        {
            var post = inputs.Posts.GetValueOrDefault(hire.VacancyId);
            var university = GraduateIds.UniversityOf(hire.GraduateId);
            var facts = inputs.Graduates.GetValueOrDefault(hire.GraduateId);
            var on = DateOnly.FromDateTime(hire.At.ToOffset(Period.Beijing).DateTime);
            var origin = Origins.Of(university is not null && inputs.Universities.ContainsKey(university), facts?.Residency);
            candidates.Add((new CountedEmployment(hire.GraduateId, EmploymentRoutes.OfPost(post), on, post?.District, post?.Cluster, university, origin), 0, hire.VacancyId));
        }

        foreach (var record in inputs.Records)
        {
            var post = record.VacancyId is { } id ? inputs.Posts.GetValueOrDefault(id) : null;
            var university = record.University ?? GraduateIds.UniversityOf(record.GraduateId);
            var studied = record.StudiedInHohhot ?? (university is not null && inputs.Universities.ContainsKey(university));
            var origin = Origins.Of(studied, record.Residency ?? inputs.Graduates.GetValueOrDefault(record.GraduateId)?.Residency);
            candidates.Add((new CountedEmployment(record.GraduateId, record.Route, record.EmployedOn, record.District ?? post?.District, record.Cluster ?? post?.Cluster, university, origin),
                1, record.Route));
        }

        return candidates
            .Where(c => c.Employment.On.Year == year && c.Employment.On < before)
            .GroupBy(c => c.Employment.GraduateId, StringComparer.Ordinal)
            .Select(g => g.OrderBy(c => c.Employment.On).ThenBy(c => EmploymentRoutes.ByCode(c.Employment.Route).Rank).ThenBy(c => c.Source)
                .ThenBy(c => c.Tiebreak, StringComparer.Ordinal).First().Employment)
            .ToList();
    }

    private static List<ActivityProgress> Activities(ProgressInputs inputs, int year, Period? month)
    {
        var first = new Period(year, 1).ToString();
        var last = (month ?? new Period(year, 12)).ToString();
        var figures = inputs.Figures.Where(f => string.CompareOrdinal(f.Month, first) >= 0 && string.CompareOrdinal(f.Month, last) <= 0).ToList();
        var result = new List<ActivityProgress>();
        foreach (var indicator in ActivityIndicators.All)
        {
            var units = figures.Where(f => f.Indicator == indicator.Code).GroupBy(f => f.UnitCode, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Sum(f => f.Value), StringComparer.Ordinal);
            if (indicator.Fairs is { } level)
            {
                // Per organiser, the larger of what it entered and what it recorded as fairs in Liuhu.
                foreach (var fair in inputs.Fairs.Where(f => (f.District is null) == (level == FairLevel.City)))
                {
                    var unit = fair.District ?? ActivityFigure.City;
                    units[unit] = Math.Max(units.GetValueOrDefault(unit), fair.FairsHeld);
                }
            }

            var achieved = units.Values.Sum();
            result.Add(new ActivityProgress(indicator.Code, indicator.Name, indicator.Unit, indicator.Target, achieved,
                indicator.Target == 0 ? 0 : Math.Round(achieved / (double)indicator.Target, 4), indicator.LeadUnit, indicator.PlanItem,
                units.Select(u => new NameCount(UnitName(u.Key), u.Value)).OrderByDescending(n => n.Count).ThenBy(n => n.Name, StringComparer.Ordinal).ToList()));
        }

        return result;
    }

    public static string UnitName(string unitCode) =>
        unitCode == ActivityFigure.City ? CityUnit : Districts.All.FirstOrDefault(d => d.Code == unitCode)?.Name ?? unitCode;

    private static string UniversityName(string? code, ProgressInputs inputs) => code is null ? "未注明"
        : inputs.Universities.TryGetValue(code, out var name) ? name
        : code;

    private static TargetProgress Target(string code, string name, int achieved, int target, string leadUnit) =>
        new(code, name, achieved, target, target == 0 ? 0 : Math.Round(achieved / (double)target, 4)) { LeadUnit = leadUnit };

    private static List<NameCount> Group(IEnumerable<string> names) =>
        names.GroupBy(n => n, StringComparer.Ordinal).Select(g => new NameCount(g.Key, g.Count())).OrderByDescending(n => n.Count).ThenBy(n => n.Name, StringComparer.Ordinal).ToList();
}
