using Liuhu.Core.Domain;
using Liuhu.Matching.Features;

namespace Liuhu.Matching.Ranking;

/// <summary>A short Chinese phrase with a stable English code.</summary>
public sealed record Reason(string Code, string Text);

/// <summary>Why a post suits a graduate (or a graduate a post), in the words of the public site. A reason is a
/// fact of the data that the scorer itself counted in this pair's favour: it is shown only where the summed
/// per-prediction contribution of its features to this score is positive, so the strongest inputs are the ones
/// explained and nothing is claimed that the score did not use. Gaps are facts that stand between the two,
/// shown whatever the score.</summary>
public static class Explanations
{
    private sealed record Rule(string Code, Func<PairEvaluation, PostProfile, string?> Text, Feature[] Sources);

    private static readonly Rule[] GraduateRules =
    [
        .. QualificationRules(PairFeatures.Fit, [PairFeatures.SeekerDegree, PairFeatures.PostDegree], [PairFeatures.MonthlyPay]),
        .. Enum.GetValues<BenefitKind>().Where(Benefits.IsHousing).Select(kind => new Rule("housing." + Code(kind),
            (_, post) => post.BenefitKinds.Contains(kind) ? HousingText(kind) : null, [PairFeatures.Offers[kind], PairFeatures.HousingForExternal])),
        new("employer.public", (_, post) => post.IsPublicEmployer ? "机关事业单位" : null, [PairFeatures.PublicEmployer]),
        new("post.new", (p, _) => p.Features[PairFeatures.Freshness] >= 0.75f ? "新发布岗位" : null, [PairFeatures.Freshness]),
        new("competition.low", (p, _) => p.Features[PairFeatures.ApplicationsPerOpening] < MathF.Log(2) ? "投递人数少于招聘名额" : null, [PairFeatures.ApplicationsPerOpening]),
        new("openings.many", (_, post) => post.RemainingOpenings >= 5 ? $"仍有{post.RemainingOpenings}个名额" : null, [PairFeatures.RemainingOpenings, PairFeatures.Headcount]),
    ];

    private static readonly Rule[] EmployerRules = [.. QualificationRules(CandidateFeatures.Fit, [], [])];

    /// <summary>The reasons both sides give: major (对口 only for the same major, 相近 only within the same 专业类),
    /// degree, skills, and the graduate's stated interest.</summary>
    private static IEnumerable<Rule> QualificationRules(QualificationFeatures q, Feature[] degree, Feature[] pay)
    {
        Feature[] major = [q.MajorExact, q.MajorSameClass, q.MajorSameDiscipline, q.MajorTextSimilarity];
        return
        [
            new("major.match", (p, post) => p.MajorFit == MajorFit.Exact || (p.MajorFit == MajorFit.SameClass && AsksForClassOnly(post)) ? "专业对口" : null, major),
            new("major.related", (p, post) => p.MajorFit == MajorFit.SameClass && !AsksForClassOnly(post) ? "专业相近" : null, major),
            // Only a name outside the major catalogues is compared as text: say so rather than claim a code.
            new("major.similar_name", (p, _) => p.MajorFit == MajorFit.Similar ? "专业名称相近（专业目录中未找到，按名称比对）" : null, major),
            new("major.unrestricted", (p, _) => p.MajorFit == MajorFit.Unrestricted ? "专业不限" : null, [q.MajorsUnrestricted]),
            new("degree.meets", (p, _) => p.DegreeMeets ? "学历符合" : null, [q.DegreeMeets, q.DegreeGap, .. degree]),
            new("skills.match", (p, _) => Skills(p), [q.SkillCoverage, q.SkillsMatched]),
            new("cluster.preferred", (p, _) => p.Features[q.ClusterPreferred] == 1 ? "意向产业集群" : null, [q.ClusterPreferred]),
            new("district.preferred", (p, _) => p.Features[q.DistrictPreferred] == 1 ? "意向地区" : null, [q.DistrictPreferred]),
            new("salary.meets", (p, _) => p.Features[q.SalaryMeetsExpectation] == 1 ? "薪资符合预期" : null, [q.SalaryMeetsExpectation, q.SalaryToExpectation, .. pay]),
        ];
    }

    /// <summary>A requirement written as a 专业类 (计算机类相关专业, 电气类) is met exactly by any major of that class;
    /// only where specific majors are named is another major of their class merely 相近.</summary>
    private static bool AsksForClassOnly(PostProfile post) =>
        post.Requirement is { Codes.Count: 0, Classes.Count: > 0 };

    /// <param name="contributions">The scorer's contribution of each feature to this pair's score (schema order).</param>
    public static (IReadOnlyList<Reason> Reasons, IReadOnlyList<Reason> Gaps) For(PairEvaluation pair, PostProfile post, float[] contributions)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(post);
        ArgumentNullException.ThrowIfNull(contributions);
        var rules = ReferenceEquals(pair.Features.Schema, CandidateFeatures.Schema) ? EmployerRules : GraduateRules;
        var reasons = new List<(Reason Reason, float Contribution)>();
        foreach (var rule in rules)
        {
            if (rule.Text(pair, post) is { } text && Contribution(rule.Sources, contributions) is > 0 and var contribution)
            {
                reasons.Add((new Reason(rule.Code, text), contribution));
            }
        }

        return (reasons.OrderByDescending(r => r.Contribution).Select(r => r.Reason).ToList(), Gaps(pair, post));
    }

    /// <summary>The summed contribution of a reason's features, for tests and the explanation alike.</summary>
    public static float Contribution(IEnumerable<Feature> sources, float[] contributions)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(contributions);
        return sources.Sum(f => contributions[f.Index]);
    }

    /// <summary>The features a reason code stands for, on the given side.</summary>
    public static IReadOnlyList<Feature> SourcesOf(string code, FeatureSchema schema)
    {
        var rules = ReferenceEquals(schema, CandidateFeatures.Schema) ? EmployerRules : GraduateRules;
        return rules.First(r => r.Code == code).Sources;
    }

    private static List<Reason> Gaps(PairEvaluation pair, PostProfile post)
    {
        var gaps = new List<Reason>();
        if (pair.MajorFit is MajorFit.None or MajorFit.SameDiscipline)
        {
            gaps.Add(new("major.mismatch", "专业不对口"));
        }

        if (!pair.DegreeMeets)
        {
            gaps.Add(new("degree.below", $"学历要求{Degrees.ChineseName(post.Vacancy.Degree)}"));
        }

        if (pair.MissingSkills.Count > 0)
        {
            gaps.Add(new("skills.missing", $"缺少技能：{string.Join("、", pair.MissingSkills.Take(3))}"));
        }

        var fit = ReferenceEquals(pair.Features.Schema, CandidateFeatures.Schema) ? CandidateFeatures.Fit : PairFeatures.Fit;
        if (pair.Features[fit.SalaryMeetsExpectation] == 0)
        {
            gaps.Add(new("salary.below", "薪资低于预期"));
        }

        return gaps;
    }

    private static string? Skills(PairEvaluation pair) =>
        pair.MatchedSkills.Count > 0 ? $"技能匹配：{string.Join("、", pair.MatchedSkills.Take(3))}" : null;

    private static string HousingText(BenefitKind kind) => kind switch
    {
        BenefitKind.TalentApartment => "提供人才公寓",
        BenefitKind.StaffDormitory => "提供员工宿舍",
        BenefitKind.AccommodationProvided => "提供住宿",
        BenefitKind.BoardAndLodging => "包食宿",
        BenefitKind.RentSubsidy => "提供租房补贴",
        BenefitKind.SettlingInAllowance => "提供安家费",
        _ => "提供" + Benefits.ChineseName(kind),
    };

    private static string Code(BenefitKind kind) => kind switch
    {
        BenefitKind.TalentApartment => "talent_apartment",
        BenefitKind.StaffDormitory => "dormitory",
        BenefitKind.AccommodationProvided => "accommodation",
        BenefitKind.BoardAndLodging => "board_and_lodging",
        BenefitKind.RentSubsidy => "rent_subsidy",
        BenefitKind.SettlingInAllowance => "settling_in_allowance",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
