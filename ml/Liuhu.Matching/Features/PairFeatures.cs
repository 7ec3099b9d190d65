using Liuhu.Core.Domain;

namespace Liuhu.Matching.Features;

/// <summary>The features of one graduate–post pair, from the data alone. Protected attributes (gender,
/// ethnicity, religion, marital status) are not inputs: <see cref="SeekerProfile"/> does not carry them.</summary>
public static class PairFeatures
{
    public static readonly string[] Names =
    [
        "DegreeMeets", "DegreeGap", "MajorExact", "MajorSameClass", "MajorSameDiscipline", "MajorTextSimilarity",
        "MajorsUnrestricted", "SkillCoverage", "SkillsMatched", "ClusterPreferred", "DistrictPreferred",
        "SalaryToExpectation", "SalaryMeetsExpectation", "HousingForExternal", "PublicEmployer", "Freshness",
        "ApplicationsPerOpening", "Headcount", "SeekerExternal", "SeekerLeftSchoolUnemployed",
    ];

    public const int Count = 20;

    /// <summary>Computes the features and, for the explanation, which skills matched and which are missing.</summary>
    /// <param name="applications">Applications to count for the competition feature; by default the post's.
    /// Training passes the count without the pair's own application, which would otherwise leak its label.</param>
    public static PairEvaluation Evaluate(SeekerProfile seeker, PostProfile post, DateTimeOffset now, int? applications = null)
    {
        ArgumentNullException.ThrowIfNull(seeker);
        ArgumentNullException.ThrowIfNull(post);
        var v = post.Vacancy;
        var f = new float[Count];

        var degreeMeets = v.Degree == Degree.Any || seeker.Degree >= v.Degree;
        f[0] = degreeMeets ? 1 : 0;
        f[1] = v.Degree == Degree.Any ? 0 : (int)seeker.Degree - (int)v.Degree;

        var code = seeker.MajorCode;
        var exact = code is not null && post.MajorCodes.Contains(code);
        var sameClass = code is not null && post.MajorClasses.Contains(MajorCatalog.Class(code));
        var sameDiscipline = code is not null && post.MajorDisciplines.Contains(MajorCatalog.Discipline(code));
        var textSimilarity = post.MajorBigrams.Count == 0 ? 0 : post.MajorBigrams.Max(b => TextSimilarity.Overlap(seeker.MajorBigrams, b));
        f[2] = exact ? 1 : 0;
        f[3] = sameClass ? 1 : 0;
        f[4] = sameDiscipline ? 1 : 0;
        f[5] = textSimilarity;
        f[6] = post.MajorsUnrestricted ? 1 : 0;

        var matched = new List<string>();
        var missing = new List<string>();
        foreach (var (canonical, bigrams, text) in post.Skills)
        {
            (seeker.Skills.Any(s => Skills.Covers(s.Canonical, s.Bigrams, canonical, bigrams)) ? matched : missing).Add(text);
        }

        f[7] = post.Skills.Count == 0 ? 0.5f : (float)matched.Count / post.Skills.Count;
        f[8] = matched.Count;
        f[9] = seeker.PreferredClusters.Count == 0 ? 0.5f : v.Cluster is { } c && seeker.PreferredClusters.Contains(c) ? 1 : 0;
        f[10] = seeker.PreferredDistricts.Count == 0 ? 0.5f : v.District is { } d && seeker.PreferredDistricts.Contains(d) ? 1 : 0;

        var offered = MonthlyOffer(v.Salary);
        f[11] = offered is { } o && seeker.ExpectedSalary is > 0 and var e ? Math.Clamp(o / (float)e!, 0, 3) : 1;
        f[12] = seeker.ExpectedSalary is not { } expected || v.Salary.Negotiable || (v.Salary.MonthlyMax ?? v.Salary.MonthlyMin) is not { } top ? 0.5f
            : top >= expected ? 1 : 0;
        f[13] = post.OffersHousing ? (seeker.IsExternal ? 1 : 0.5f) : 0;
        f[14] = post.IsPublicEmployer ? 1 : 0;
        var age = v.FirstSeenAt == default ? 0 : (now - v.FirstSeenAt).TotalDays;
        f[15] = (float)Math.Exp(-Math.Max(0, age) / 30.0);
        f[16] = (float)Math.Log(1 + ((applications ?? post.Applications) / (double)Math.Max(1, v.Headcount)));
        f[17] = (float)Math.Log(1 + v.Headcount);
        f[18] = seeker.IsExternal ? 1 : 0;
        f[19] = seeker.LeftSchoolUnemployed ? 1 : 0;
        return new PairEvaluation(f, matched, missing, degreeMeets, exact ? MajorFit.Exact : sameClass ? MajorFit.SameClass : textSimilarity >= 0.6 ? MajorFit.Similar : sameDiscipline ? MajorFit.SameDiscipline : post.MajorsUnrestricted ? MajorFit.Unrestricted : MajorFit.None);
    }

    public static float? MonthlyOffer(SalaryRange salary)
    {
        ArgumentNullException.ThrowIfNull(salary);
        return (float?)salary.MonthlyOffer;
    }
}

public enum MajorFit
{
    None,
    Unrestricted,
    SameDiscipline,
    Similar,
    SameClass,
    Exact,
}

public sealed record PairEvaluation(float[] Features, IReadOnlyList<string> MatchedSkills, IReadOnlyList<string> MissingSkills, bool DegreeMeets, MajorFit MajorFit);
