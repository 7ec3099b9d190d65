using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;

namespace Liuhu.Core.Catalogues;

/// <summary>Builds a period's catalogue from the posts open in it and the graduates on record. Pure, so that
/// it is tested and benchmarked without storage.</summary>
public static class CatalogueBuilder
{
    public const string ShortageRule =
        "紧缺指数 = 本期在招岗位的招聘人数 ÷ 学历达到且专业相符（同一专业类，即专业代码前4位相同；或岗位专业不限）的在库毕业生人数。" +
        "指数 ≥ 2 为紧缺，1–2 为较紧缺，< 1 为一般；无相符毕业生时为紧缺。" +
        " Shortage index = open headcount ÷ graduates whose degree meets and whose major is in the same class (first 4 digits of the code) or the post takes any major; ≥ 2 紧缺, 1–2 较紧缺, < 1 一般.";

    public const int LongOpenDays = 60;

    /// <summary>A post is open in a period if it was first seen before the period ended, had not expired before
    /// it began, and was still open or changed status only during or after it.</summary>
    public static bool IsOpenIn(Vacancy vacancy, Period period)
    {
        ArgumentNullException.ThrowIfNull(vacancy);
        var expired = vacancy.ExpiresOn is { } expires && expires.ToDateTime(TimeOnly.MaxValue) < period.Start.DateTime;
        var closedBefore = vacancy.Status != VacancyStatus.Open && vacancy.UpdatedAt < period.Start;
        return vacancy.FirstSeenAt < period.End && !expired && !closedBefore;
    }

    public static Catalogue Build(Period period, IReadOnlyList<Vacancy> vacancies, IReadOnlyList<GraduateProfile> graduates, DateTimeOffset publishedAt)
    {
        ArgumentNullException.ThrowIfNull(vacancies);
        ArgumentNullException.ThrowIfNull(graduates);
        var open = vacancies.Where(v => IsOpenIn(v, period)).ToList();
        var before = vacancies.Where(v => IsOpenIn(v, period.Previous)).ToList();
        var seekers = graduates.Select(g => (Degree: g.Degree, Class: MajorCatalog.Default.CodeOf(g.MajorCode) ?? MajorCatalog.Default.CodeOf(g.Major))).ToList();

        var clusters = Clusters.All
            .Select(c => Demand(c.Code, c.Name, open.Where(v => v.Cluster == c.Code).ToList(), seekers))
            .Where(d => d.Posts > 0)
            .OrderByDescending(d => d.Headcount)
            .ToList();
        var overall = Demand("all", "全部", open, seekers);

        var nowByTitle = HeadcountByTitle(open);
        var beforeByTitle = HeadcountByTitle(before);
        var change = new CatalogueChange(
            nowByTitle.Keys.Except(beforeByTitle.Keys).OrderByDescending(t => nowByTitle[t]).ThenBy(t => t, StringComparer.Ordinal).Take(20).ToList(),
            nowByTitle.Where(p => beforeByTitle.TryGetValue(p.Key, out var b) && p.Value > b).Select(p => new TitleChange(p.Key, beforeByTitle[p.Key], p.Value))
                .OrderByDescending(c => c.After - c.Before).ThenBy(c => c.Title, StringComparer.Ordinal).Take(20).ToList(),
            beforeByTitle.Where(p => nowByTitle.GetValueOrDefault(p.Key) < p.Value).Select(p => new TitleChange(p.Key, p.Value, nowByTitle.GetValueOrDefault(p.Key)))
                .OrderByDescending(c => c.Before - c.After).ThenBy(c => c.Title, StringComparer.Ordinal).Take(20).ToList());

        var longOpen = open.Where(v => v.FirstSeenAt != default && (period.End - v.FirstSeenAt).TotalDays > LongOpenDays)
            .OrderByDescending(v => v.Headcount).ThenBy(v => v.VacancyId, StringComparer.Ordinal).Take(50)
            .Select(v => new LongOpenPost(v.VacancyId, v.Title, v.EmployerName, v.Cluster, v.Headcount, v.FirstSeenAt, (int)(period.End - v.FirstSeenAt).TotalDays))
            .ToList();

        return new Catalogue(period.ToString(), publishedAt, ShortageRule, overall, clusters, change, longOpen, ByPostKind(open), ByEmployerTag(open));
    }

    public const string Unspecified = "unspecified";

    /// <summary>Every 岗位类别 in the list's order, then posts whose ledger gave none (未注明); kinds with no post left out.</summary>
    public static IReadOnlyList<GroupDemand> ByPostKind(IReadOnlyList<Vacancy> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        return PostKinds.Values.Select(k => Group(PostKinds.Code(k), PostKinds.ChineseName(k), open.Where(v => v.PostKind == k)))
            .Append(Group(Unspecified, "未注明", open.Where(v => v.PostKind is null)))
            .Where(g => g.Posts > 0)
            .ToList();
    }

    /// <summary>Every employer tag, then posts without one (未标注); a post with two tags counts under both, so the
    /// rows do not add up to the total.</summary>
    public static IReadOnlyList<GroupDemand> ByEmployerTag(IReadOnlyList<Vacancy> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        return EmployerTags.Values.Select(t => Group(EmployerTags.Code(t), EmployerTags.ChineseName(t), open.Where(v => v.EmployerTags.Contains(t))))
            .Append(Group(Unspecified, "未标注", open.Where(v => v.EmployerTags.Count == 0)))
            .Where(g => g.Posts > 0)
            .ToList();
    }

    private static GroupDemand Group(string code, string name, IEnumerable<Vacancy> posts)
    {
        var list = posts as IReadOnlyCollection<Vacancy> ?? posts.ToList();
        return new GroupDemand(code, name, list.Count, list.Sum(v => (long)v.Headcount), list.Select(v => v.EmployerCreditCode).Distinct(StringComparer.Ordinal).Count());
    }

    public static int Percentile(IReadOnlyList<int> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            throw new ArgumentException("No values.", nameof(sorted));
        }

        // Nearest rank: the smallest value with at least p of the values at or below it.
        var rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public static string Level(double? index) => index switch
    {
        null => "紧缺",
        >= 2 => "紧缺",
        >= 1 => "较紧缺",
        _ => "一般",
    };

    public static string NormalizeTitle(string title)
    {
        var folded = TextNormalizer.FoldWithoutWhitespace(title);
        var bracket = folded.IndexOfAny(['(', '（']);
        return bracket > 0 ? folded[..bracket] : folded;
    }

    private static ClusterDemand Demand(string code, string name, IReadOnlyList<Vacancy> posts, IReadOnlyList<(Degree Degree, string? Class)> seekers)
    {
        var headcount = posts.Sum(v => (long)v.Headcount);
        var offers = posts.Select(v => (int?)v.Salary.MonthlyOffer).OfType<int>().Order().ToList();
        var requirements = Requirements(posts);
        var fitting = posts.Count == 0 ? 0 : seekers.Count(s => requirements.Fits(s.Degree, s.Class));
        double? index = fitting == 0 ? null : Math.Round(headcount / (double)fitting, 2);
        return new ClusterDemand(
            code,
            name,
            posts.Count,
            headcount,
            posts.Select(v => v.EmployerCreditCode).Distinct(StringComparer.Ordinal).Count(),
            posts.GroupBy(v => Degrees.ChineseName(v.Degree)).Select(g => new NameCount(g.Key, g.Sum(v => (long)v.Headcount))).OrderByDescending(n => n.Count).ToList(),
            Top(posts.SelectMany(v => v.Majors.Select(m => (m, (long)v.Headcount)))),
            Top(posts.SelectMany(v => v.Skills.Select(s => (s, (long)v.Headcount)))),
            offers.Count == 0 ? null : new SalaryQuartiles(Percentile(offers, 0.25), Percentile(offers, 0.5), Percentile(offers, 0.75)),
            posts.GroupBy(v => v.District is { } d ? Districts.ByCode(d).Name : "未注明").Select(g => new NameCount(g.Key, g.Sum(v => (long)v.Headcount))).OrderByDescending(n => n.Count).ToList(),
            fitting,
            index,
            Level(index),
            posts.GroupBy(v => NormalizeTitle(v.Title), StringComparer.Ordinal)
                .Select(g => new TitleDemand(g.Key, g.Count(), g.Sum(v => (long)v.Headcount), g.Select(v => v.EmployerCreditCode).Distinct(StringComparer.Ordinal).Count()))
                .OrderByDescending(t => t.Headcount).ThenBy(t => t.Title, StringComparer.Ordinal).ToList());
    }

    /// <summary>The lowest degree any open post asks for, overall (posts open to any major) and per major class,
    /// so each graduate is checked in constant time rather than against every post.</summary>
    private sealed record Requirement(Degree? AnyMajor, Dictionary<string, Degree> ByClass)
    {
        public bool Fits(Degree degree, string? majorCode) =>
            (AnyMajor is { } any && (any == Degree.Any || degree >= any))
            || (majorCode is not null && ByClass.TryGetValue(MajorCatalog.Class(majorCode), out var needed) && (needed == Degree.Any || degree >= needed));
    }

    private static Requirement Requirements(IReadOnlyList<Vacancy> posts)
    {
        Degree? anyMajor = null;
        var byClass = new Dictionary<string, Degree>(StringComparer.Ordinal);
        foreach (var post in posts)
        {
            var majors = MajorCatalog.Restricting(post.Majors);
            if (majors.Count == 0)
            {
                anyMajor = anyMajor is { } d && d <= post.Degree ? d : post.Degree;
                continue;
            }

            foreach (var code in majors.Select(MajorCatalog.Default.CodeOf).OfType<string>())
            {
                var majorClass = MajorCatalog.Class(code);
                byClass[majorClass] = byClass.TryGetValue(majorClass, out var existing) && existing <= post.Degree ? existing : post.Degree;
            }
        }

        return new Requirement(anyMajor, byClass);
    }

    private static List<NameCount> Top(IEnumerable<(string Name, long Weight)> items) =>
        items.GroupBy(i => i.Name, StringComparer.OrdinalIgnoreCase).Select(g => new NameCount(g.First().Name, g.Sum(i => i.Weight)))
            .OrderByDescending(n => n.Count).ThenBy(n => n.Name, StringComparer.Ordinal).Take(10).ToList();

    private static Dictionary<string, long> HeadcountByTitle(IEnumerable<Vacancy> posts) =>
        posts.GroupBy(v => NormalizeTitle(v.Title), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(v => (long)v.Headcount), StringComparer.Ordinal);
}
