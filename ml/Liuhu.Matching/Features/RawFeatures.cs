using Liuhu.Core.Domain;

namespace Liuhu.Matching.Features;

/// <summary>The inputs of the reference ranker evaluation compares the learned ranker with: gradient-boosted trees
/// over the post's and the profile's attributes as stored, each categorical one as its own 0/1 column (post
/// district, post cluster, every benefit kind, the graduate's preferred clusters and districts), numbers as they are
/// (pay, expected pay, headcount, degree levels on both sides), the simple comparisons a reviewer would write
/// without a catalogue (pay against expectation, the same major code or code prefix, shared skill names, a
/// preferred cluster or district), and what outcomes said of the post and its employer by then (the same shrunk
/// effects the learned ranker sees, so the reference is not handicapped on "an employer's pull"). None of the
/// hand-made knowledge of the learned features (the 高职↔本科 crosswalk, discipline groups, the skill taxonomy).
/// Not served; protected attributes are not among them.</summary>
public static class RawFeatures
{
    public static readonly FeatureSchema Schema = new("raw");

    public static readonly Feature SeekerDegree = Schema.Add("SeekerDegree");
    public static readonly Feature SeekerSkills = Schema.Add("SeekerSkills");
    public static readonly Feature ExpectedSalary = Schema.Add("ExpectedSalary");
    public static readonly Feature SeekerExternal = Schema.Add("SeekerExternal");
    public static readonly Feature SeekerLeftSchoolUnemployed = Schema.Add("SeekerLeftSchoolUnemployed");
    public static readonly Feature SeekerStatesClusters = Schema.Add("SeekerStatesClusters");
    public static readonly Feature SeekerStatesDistricts = Schema.Add("SeekerStatesDistricts");
    public static readonly Feature PostDegree = Schema.Add("PostDegree");
    public static readonly Feature PostSkills = Schema.Add("PostSkills");
    public static readonly Feature PostNamesMajors = Schema.Add("PostNamesMajors");
    public static readonly Feature PayMin = Schema.Add("PayMin");
    public static readonly Feature PayMax = Schema.Add("PayMax");
    public static readonly Feature PayToExpectation = Schema.Add("PayToExpectation");
    public static readonly Feature Headcount = Schema.Add("Headcount");
    public static readonly Feature RemainingOpenings = Schema.Add("RemainingOpenings");
    public static readonly Feature Applications = Schema.Add("Applications");
    public static readonly Feature PublicEmployer = Schema.Add("PublicEmployer");
    public static readonly Feature AgeDays = Schema.Add("AgeDays");
    public static readonly Feature EmployerEffect = Schema.Add("EmployerEffect");
    public static readonly Feature PostEffect = Schema.Add("PostEffect");
    public static readonly Feature SameMajorCode = Schema.Add("SameMajorCode");
    public static readonly Feature SameMajorCodePrefix4 = Schema.Add("SameMajorCodePrefix4");
    public static readonly Feature SameMajorCodePrefix2 = Schema.Add("SameMajorCodePrefix2");
    public static readonly Feature SharedSkillNames = Schema.Add("SharedSkillNames");
    public static readonly Feature ClusterStated = Schema.Add("ClusterStated");
    public static readonly Feature DistrictStated = Schema.Add("DistrictStated");
    public static readonly IReadOnlyDictionary<string, Feature> PostInDistrict = Schema.AddOneHot("PostDistrict:", Districts.All.Select(d => d.Code));
    public static readonly IReadOnlyDictionary<string, Feature> PostInCluster = Schema.AddOneHot("PostCluster:", Clusters.All.Select(c => c.Code));
    public static readonly IReadOnlyDictionary<string, Feature> SeekerPrefersCluster = Schema.AddOneHot("SeekerCluster:", Clusters.All.Select(c => c.Code));
    public static readonly IReadOnlyDictionary<string, Feature> SeekerPrefersDistrict = Schema.AddOneHot("SeekerDistrict:", Districts.All.Select(d => d.Code));
    public static readonly IReadOnlyDictionary<BenefitKind, Feature> Offers =
        Enum.GetValues<BenefitKind>().ToDictionary(k => k, k => Schema.Add("Offers" + k));

    public static FeatureVector Evaluate(SeekerProfile seeker, PostProfile post, DateTimeOffset at, PostStats stats)
    {
        ArgumentNullException.ThrowIfNull(seeker);
        ArgumentNullException.ThrowIfNull(post);
        var v = post.Vacancy;
        var f = Schema.NewVector();
        f[SeekerDegree] = (int)seeker.Degree;
        f[SeekerSkills] = seeker.Skills.Count;
        f[ExpectedSalary] = (seeker.ExpectedSalary ?? 0) / 1000f;
        f[SeekerExternal] = seeker.IsExternal ? 1 : 0;
        f[SeekerLeftSchoolUnemployed] = seeker.LeftSchoolUnemployed ? 1 : 0;
        f[SeekerStatesClusters] = seeker.PreferredClusters.Count;
        f[SeekerStatesDistricts] = seeker.PreferredDistricts.Count;
        f[PostDegree] = (int)v.Degree;
        f[PostSkills] = v.Skills.Count;
        f[PostNamesMajors] = post.Requirement.IsOpen ? 0 : 1;
        f[PayMin] = (v.Salary.MonthlyMin ?? 0) / 1000f;
        f[PayMax] = (v.Salary.MonthlyMax ?? 0) / 1000f;
        f[PayToExpectation] = PairFeatures.MonthlyOffer(v.Salary) is { } offer && seeker.ExpectedSalary is > 0 and var expected ? offer / (float)expected : 0;
        f[Headcount] = v.Headcount;
        f[RemainingOpenings] = Math.Max(0, v.Headcount - stats.Hires);
        f[Applications] = stats.Applications;
        f[PublicEmployer] = v.EmployerCreditCode.StartsWith('1') ? 1 : 0;
        f[AgeDays] = (float)Math.Max(0, (at - v.FirstSeenAt).TotalDays);
        f[EmployerEffect] = stats.EmployerEffect;
        f[PostEffect] = stats.PostEffect;

        // Code comparisons only: the codes the post's requirement names as written, no crosswalk, no discipline groups.
        var named = post.Requirement.IsOpen ? [] : post.Requirement.Codes.Concat(post.Requirement.Classes).ToList();
        var code = seeker.MajorCode;
        f[SameMajorCode] = code is not null && named.Contains(code, StringComparer.Ordinal) ? 1 : 0;
        f[SameMajorCodePrefix4] = code is { Length: >= 4 } && named.Any(n => n.Length >= 4 && string.CompareOrdinal(n, 0, code, 0, 4) == 0) ? 1 : 0;
        f[SameMajorCodePrefix2] = code is { Length: >= 2 } && named.Any(n => n.Length >= 2 && string.CompareOrdinal(n, 0, code, 0, 2) == 0) ? 1 : 0;
        var skillNames = seeker.Skills.Select(s => s.Canonical).ToHashSet(StringComparer.OrdinalIgnoreCase);
        f[SharedSkillNames] = v.Skills.Count(skillNames.Contains);
        f[ClusterStated] = v.Cluster is { } cluster && seeker.PreferredClusters.Contains(cluster) ? 1 : 0;
        f[DistrictStated] = v.District is { } district && seeker.PreferredDistricts.Contains(district) ? 1 : 0;
        f.SetOneHot(PostInDistrict, v.District);
        f.SetOneHot(PostInCluster, v.Cluster);
        foreach (var c in seeker.PreferredClusters)
        {
            f.SetOneHot(SeekerPrefersCluster, c);
        }

        foreach (var d in seeker.PreferredDistricts)
        {
            f.SetOneHot(SeekerPrefersDistrict, d);
        }

        foreach (var (kind, feature) in Offers)
        {
            f[feature] = post.BenefitKinds.Contains(kind) ? 1 : 0;
        }

        return f;
    }
}
