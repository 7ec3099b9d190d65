using System.IO.Hashing;
using System.Text;
using Liuhu.Core.Domain;

namespace Liuhu.Matching.Features;

/// <summary>The post's and the profile's attributes as stored, with nothing derived from comparing the two: the
/// inputs of the reference ranker (gradient-boosted trees over raw attributes) that evaluation compares the
/// learned ranker with. Not served; protected attributes are not among them either.</summary>
public static class RawFeatures
{
    public static readonly FeatureSchema Schema = new("raw");

    public static readonly Feature SeekerDegree = Schema.Add("SeekerDegree");
    public static readonly Feature SeekerMajorClass = Schema.Add("SeekerMajorClass");
    public static readonly Feature SeekerSkills = Schema.Add("SeekerSkills");
    public static readonly Feature SeekerCluster = Schema.Add("SeekerCluster");
    public static readonly Feature SeekerDistrict = Schema.Add("SeekerDistrict");
    public static readonly Feature ExpectedSalary = Schema.Add("ExpectedSalary");
    public static readonly Feature SeekerExternal = Schema.Add("SeekerExternal");
    public static readonly Feature SeekerLeftSchoolUnemployed = Schema.Add("SeekerLeftSchoolUnemployed");
    public static readonly Feature PostDegree = Schema.Add("PostDegree");
    public static readonly Feature PostMajorClass = Schema.Add("PostMajorClass");
    public static readonly Feature PostSkills = Schema.Add("PostSkills");
    public static readonly Feature PostCluster = Schema.Add("PostCluster");
    public static readonly Feature PostDistrict = Schema.Add("PostDistrict");
    public static readonly Feature PayMin = Schema.Add("PayMin");
    public static readonly Feature PayMax = Schema.Add("PayMax");
    public static readonly Feature Headcount = Schema.Add("Headcount");
    public static readonly Feature RemainingOpenings = Schema.Add("RemainingOpenings");
    public static readonly Feature Applications = Schema.Add("Applications");
    public static readonly Feature PublicEmployer = Schema.Add("PublicEmployer");
    public static readonly Feature Employer = Schema.Add("Employer");
    public static readonly Feature AgeDays = Schema.Add("AgeDays");
    public static readonly IReadOnlyDictionary<BenefitKind, Feature> Offers =
        Enum.GetValues<BenefitKind>().ToDictionary(k => k, k => Schema.Add("Offers" + k));

    public static FeatureVector Evaluate(SeekerProfile seeker, PostProfile post, DateTimeOffset at, PostStats stats)
    {
        ArgumentNullException.ThrowIfNull(seeker);
        ArgumentNullException.ThrowIfNull(post);
        var v = post.Vacancy;
        var f = Schema.NewVector();
        f[SeekerDegree] = (int)seeker.Degree;
        f[SeekerMajorClass] = Code(seeker.MajorCode is { } c ? MajorCatalog.Class(c) : null);
        f[SeekerSkills] = seeker.Skills.Count;
        f[SeekerCluster] = Index(Clusters.All.Select(x => x.Code), seeker.PreferredClusters.FirstOrDefault());
        f[SeekerDistrict] = Index(Districts.All.Select(x => x.Code), seeker.PreferredDistricts.FirstOrDefault());
        f[ExpectedSalary] = (seeker.ExpectedSalary ?? 0) / 1000f;
        f[SeekerExternal] = seeker.IsExternal ? 1 : 0;
        f[SeekerLeftSchoolUnemployed] = seeker.LeftSchoolUnemployed ? 1 : 0;
        f[PostDegree] = (int)v.Degree;
        f[PostMajorClass] = Code(post.MajorClasses.Order(StringComparer.Ordinal).FirstOrDefault());
        f[PostSkills] = post.Skills.Count;
        f[PostCluster] = Index(Clusters.All.Select(x => x.Code), v.Cluster);
        f[PostDistrict] = Index(Districts.All.Select(x => x.Code), v.District);
        f[PayMin] = (v.Salary.MonthlyMin ?? 0) / 1000f;
        f[PayMax] = (v.Salary.MonthlyMax ?? 0) / 1000f;
        f[Headcount] = v.Headcount;
        f[RemainingOpenings] = Math.Max(0, v.Headcount - stats.Hires);
        f[Applications] = stats.Applications;
        f[PublicEmployer] = post.IsPublicEmployer ? 1 : 0;
        f[Employer] = XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(v.EmployerCreditCode)) % 100_000;
        f[AgeDays] = (float)Math.Max(0, (at - v.FirstSeenAt).TotalDays);
        foreach (var (kind, feature) in Offers)
        {
            f[feature] = post.BenefitKinds.Contains(kind) ? 1 : 0;
        }

        return f;
    }

    private static float Code(string? code) => code is not null && int.TryParse(code, out var n) ? n : 0;

    private static float Index(IEnumerable<string> codes, string? code) => code is null ? 0 : codes.TakeWhile(c => c != code).Count() + 1;
}
