using System.Globalization;
using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Core.Policies;

namespace Liuhu.Core.Tests.Policies;

/// <summary>The evaluator over every seeded policy: a graduate (and job) meeting every condition, then missing
/// each condition in turn, then lacking each fact; and the cases the programme cares about by name.</summary>
public class PolicyEvaluatorTests
{
    private static readonly IReadOnlyList<Policy> Seeded = PolicySeeder.Read();

    private static readonly GraduateFacts NoFacts = new(null, null, null, null, null);
    private static readonly JobFacts NoJob = new(null, null, null, null);

    public static TheoryData<string, int> SeededConditions()
    {
        var data = new TheoryData<string, int>();
        foreach (var policy in Seeded)
        {
            for (var i = 0; i < policy.Conditions.Count; i++)
            {
                data.Add(policy.PolicyId, i);
            }
        }

        return data;
    }

    public static TheoryData<string> SeededIds()
    {
        var data = new TheoryData<string>();
        foreach (var policy in Seeded)
        {
            data.Add(policy.PolicyId);
        }

        return data;
    }

    [Fact]
    public void Seed_PlanItems_EachPresentWithItsLegalBasis()
    {
        var expected = new Dictionary<string, string>
        {
            ["hr-agency-placement-subsidy"] = "第9条",
            ["startup-guaranteed-loan"] = "第12条",
            ["social-insurance-flexible-employment"] = "第13条",
            ["youth-internship"] = "第15条",
            ["grassroots-service-programmes"] = "第15条",
            ["unemployed-graduate-assistance"] = "第19条",
            ["affordable-rental-new-residents"] = "第20条",
            ["affordable-rental-young-people"] = "第20条",
            ["graduate-rent-purchase-subsidy"] = "第21条",
            ["dormitory-talent-apartment-construction"] = "第22条",
        };
        Assert.Equal(expected.Keys.Order(), Seeded.Select(p => p.PolicyId).Order());
        Assert.All(Seeded, p => Assert.Contains(expected[p.PolicyId], p.LegalBasis, StringComparison.Ordinal));
        Assert.All(Seeded, p => Assert.Contains("呼政发〔2024〕1号", p.Source, StringComparison.Ordinal));
    }

    /// <summary>Only the figures the plan states: 70% of market rent (item 20), at most two years (13), 15% up to
    /// 2000万 (22), 10万 without guarantee (12). Everything else is left for the bureau.</summary>
    [Fact]
    public void Seed_Amounts_OnlyThoseThePlanStates()
    {
        Assert.Equal(["affordable-rental-new-residents", "affordable-rental-young-people"],
            Seeded.Where(p => p.Benefit.MaxShareOfMarketRent is not null).Select(p => p.PolicyId).Order());
        Assert.All(Seeded.Where(p => p.Benefit.MaxShareOfMarketRent is not null), p => Assert.Equal(0.7m, p.Benefit.MaxShareOfMarketRent));
        Assert.Equal(["social-insurance-flexible-employment"], Seeded.Where(p => p.Benefit.MaxDurationMonths is not null).Select(p => p.PolicyId));
        Assert.Equal(24, Seeded.Single(p => p.Benefit.MaxDurationMonths is not null).Benefit.MaxDurationMonths);
        Assert.Equal(["dormitory-talent-apartment-construction"], Seeded.Where(p => p.Benefit.MaxAmountYuan is not null).Select(p => p.PolicyId));
        Assert.Equal(20_000_000m, Seeded.Single(p => p.Benefit.MaxAmountYuan is not null).Benefit.MaxAmountYuan);
        Assert.Equal(["dormitory-talent-apartment-construction", "startup-guaranteed-loan"], Seeded.Where(p => p.Benefit.AmountText is not null).Select(p => p.PolicyId).Order());
    }

    [Theory]
    [MemberData(nameof(SeededIds))]
    public void Evaluate_SeededPolicy_EveryConditionMet_EligibleUnlessConditionsIncomplete(string policyId)
    {
        var policy = Seeded.Single(p => p.PolicyId == policyId);
        var (graduate, job) = Meeting(policy);
        var result = PolicyEvaluator.Evaluate(policy, graduate, job);
        Assert.Equal(policy.ConditionsComplete ? EligibilityStatus.Eligible : EligibilityStatus.NeedsInformation, result.Status);
        Assert.All(result.Conditions, c => Assert.Equal(ConditionOutcome.Met, c.Outcome));
        Assert.All(result.Conditions, c => Assert.StartsWith("符合：", c.Reason, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(SeededConditions))]
    public void Evaluate_SeededPolicy_OneConditionMissed_NotEligibleNamingIt(string policyId, int index)
    {
        var policy = Seeded.Single(p => p.PolicyId == policyId);
        var condition = policy.Conditions[index];
        var fact = PolicyFacts.Find(condition.Fact)!;
        var (graduate, job) = Meeting(policy);
        if (MissingValue(fact, condition) is not { } miss)
        {
            // A condition listing every value (户籍: all three) cannot be missed; it only asks that the fact be known.
            Assert.Equal(fact.Values.Count, condition.Values.Count);
            return;
        }

        (graduate, job) = With(graduate, job, fact.Code, miss);
        var result = PolicyEvaluator.Evaluate(policy, graduate, job);
        Assert.Equal(EligibilityStatus.NotEligible, result.Status);
        Assert.Equal($"不符合：{condition.Label}", result.Reason);
        Assert.Equal(ConditionOutcome.NotMet, result.Conditions[index].Outcome);
        Assert.Single(result.Conditions, c => c.Outcome == ConditionOutcome.NotMet);
    }

    [Theory]
    [MemberData(nameof(SeededConditions))]
    public void Evaluate_SeededPolicy_OneFactUnknown_NeedsInformationNamingIt(string policyId, int index)
    {
        var policy = Seeded.Single(p => p.PolicyId == policyId);
        var condition = policy.Conditions[index];
        var (graduate, job) = Meeting(policy);
        (graduate, job) = With(graduate, job, condition.Fact, null);
        var result = PolicyEvaluator.Evaluate(policy, graduate, job);
        Assert.Equal(EligibilityStatus.NeedsInformation, result.Status);
        Assert.Contains(condition.Label!, result.Reason, StringComparison.Ordinal);
        Assert.Equal(ConditionOutcome.Unknown, result.Conditions[index].Outcome);
        Assert.StartsWith("需补充信息：", result.Conditions[index].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ExternalLeftSchoolUnemployedNoHomeNoJobYet_HousingAndSocialInsuranceEligibleWithReasons()
    {
        var graduate = new GraduateFacts(Degree.Bachelor, 1, Residency.External, true, "no_home");
        var housing = PolicyEvaluator.Evaluate(Policy("affordable-rental-new-residents"), graduate, job: null);
        Assert.Equal(EligibilityStatus.Eligible, housing.Status);
        Assert.Contains("符合：新市民（非呼和浩特市户籍）（户籍情况：外地户籍）", housing.Conditions.Select(c => c.Reason));
        Assert.Contains("符合：在呼和浩特市无自有住房（住房情况：在呼和浩特市无自有住房）", housing.Conditions.Select(c => c.Reason));

        var insurance = PolicyEvaluator.Evaluate(Policy("social-insurance-flexible-employment"), graduate, job: null);
        Assert.Equal(EligibilityStatus.Eligible, insurance.Status);
        Assert.Contains("符合：离校2年内（离校年限（年）：1）", insurance.Conditions.Select(c => c.Reason));
        Assert.Contains("符合：离校未就业（离校未就业：是）", insurance.Conditions.Select(c => c.Reason));
        Assert.Equal(ConditionOutcome.OnHire, insurance.Conditions.Single(c => c.Fact == PolicyFacts.EmploymentRoute).Outcome);
        Assert.Contains("就业时须满足：灵活就业", insurance.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_HohhotHukouNoHome_NewResidentHousingNotEligible()
    {
        var result = PolicyEvaluator.Evaluate(Policy("affordable-rental-new-residents"), new GraduateFacts(Degree.Bachelor, 0, Residency.HohhotHukou, false, "no_home"), null);
        Assert.Equal(EligibilityStatus.NotEligible, result.Status);
        Assert.Equal("不符合：新市民（非呼和浩特市户籍）", result.Reason);
        Assert.Contains("户籍情况：呼和浩特市户籍", result.Conditions[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_SocialInsuranceWithSalariedJob_NotEligible()
    {
        var result = PolicyEvaluator.Evaluate(Policy("social-insurance-flexible-employment"), new GraduateFacts(null, 2, null, true, null),
            new JobFacts("employed", null, "saihan", PostKind.Regular));
        Assert.Equal(EligibilityStatus.NotEligible, result.Status);
        Assert.Equal("不符合：灵活就业（就业方式：单位就业）", result.Conditions[2].Reason);
    }

    [Fact]
    public void Evaluate_NoGraduateYet_GraduateConditionsSayWhomToHire()
    {
        var policy = Policy("social-insurance-flexible-employment");
        var result = PolicyEvaluator.Evaluate(policy, graduate: null, new JobFacts("flexible", null, null, null));
        Assert.Equal(EligibilityStatus.Eligible, result.Status);
        Assert.Equal("所聘毕业生须满足：离校未就业", result.Conditions[1].Reason);
    }

    [Theory]
    [InlineData(Degree.Master, EligibilityStatus.Eligible)]
    [InlineData(Degree.Bachelor, EligibilityStatus.Eligible)]
    [InlineData(Degree.Associate, EligibilityStatus.NotEligible)]
    public void Evaluate_DegreeAtLeast_ComparesInDegreeOrder(Degree degree, EligibilityStatus expected)
    {
        var policy = Policy("youth-internship") with { Conditions = [new PolicyCondition(PolicyFacts.Degree, ConditionOperator.AtLeast, ["bachelor"])] };
        var result = PolicyEvaluator.Evaluate(policy, NoFacts with { Degree = degree }, null);
        Assert.Equal(expected, result.Status);
        Assert.Equal("学历本科及以上", result.Conditions[0].Label);
    }

    [Fact]
    public void Evaluate_NotIn_HoldsForOtherValues()
    {
        var policy = Policy("youth-internship") with { Conditions = [new PolicyCondition(PolicyFacts.District, ConditionOperator.NotIn, ["xincheng"])] };
        Assert.Equal(EligibilityStatus.Eligible, PolicyEvaluator.Evaluate(policy, NoFacts, NoJob with { District = "saihan" }).Status);
        var refused = PolicyEvaluator.Evaluate(policy, NoFacts, NoJob with { District = "xincheng" });
        Assert.Equal(EligibilityStatus.NotEligible, refused.Status);
        Assert.Equal("不符合：工作地点不为新城区", refused.Reason);
    }

    [Fact]
    public void IfHired_InternshipPost_ListsInternshipPolicyOnly()
    {
        var graduate = new GraduateFacts(Degree.Bachelor, 0, Residency.External, false, null);
        var internship = PolicyService.IfHired(Seeded, graduate, JobFacts.From(Post(PostKind.Internship)));
        Assert.Equal(["youth-internship"], internship.Select(e => e.PolicyId));
        Assert.Equal("符合：在就业见习岗位见习（岗位类别：就业见习岗位）", internship[0].Conditions[0].Reason);
        Assert.Empty(PolicyService.IfHired(Seeded, graduate, JobFacts.From(Post(PostKind.Regular))));
        Assert.Equal(["grassroots-service-programmes"], PolicyService.IfHired(Seeded, graduate, JobFacts.From(Post(PostKind.Grassroots))).Select(e => e.PolicyId));
    }

    [Fact]
    public void JobFacts_FromPost_RouteAndEmployerKindOnlyAsThePostKindTells()
    {
        Assert.Equal(new JobFacts("employed", null, "saihan", null), JobFacts.From(Post(null)));
        Assert.Equal("grassroots", JobFacts.From(Post(PostKind.Grassroots)).EmploymentRoute);
        Assert.Equal("public_institution", JobFacts.From(Post(PostKind.PublicInstitution)).EmployerKind);
        Assert.Equal("hr_agency", JobFacts.From(Post(PostKind.Dispatch)).EmployerKind);
    }

    private static Policy Policy(string id) => Seeded.Single(p => p.PolicyId == id);

    private static Vacancy Post(PostKind? kind) => new()
    {
        VacancyId = "x", EmployerCreditCode = "x", EmployerName = "x", Title = "x", Headcount = 1, LedgerId = "x", District = "saihan", PostKind = kind,
    };

    private static (GraduateFacts Graduate, JobFacts Job) Meeting(Policy policy)
    {
        var (graduate, job) = (NoFacts, NoJob);
        foreach (var c in policy.Conditions)
        {
            var fact = PolicyFacts.Find(c.Fact)!;
            var value = c.Op == ConditionOperator.NotIn ? fact.Values.First(v => !c.Values.Contains(v.Code)).Code : c.Values[0];
            (graduate, job) = With(graduate, job, c.Fact, value);
        }

        return (graduate, job);
    }

    private static string? MissingValue(FactDefinition fact, PolicyCondition c)
    {
        if (fact.Kind == FactKind.Number)
        {
            var bound = int.Parse(c.Values[0], CultureInfo.InvariantCulture);
            return (c.Op == ConditionOperator.AtLeast ? bound - 1 : bound + 1).ToString(CultureInfo.InvariantCulture);
        }

        return c.Op == ConditionOperator.NotIn ? c.Values[0] : fact.Values.Select(v => v.Code).FirstOrDefault(v => !c.Values.Contains(v));
    }

    private static (GraduateFacts, JobFacts) With(GraduateFacts g, JobFacts j, string fact, string? value) => fact switch
    {
        PolicyFacts.Degree => (g with { Degree = value is null ? null : Enum.Parse<Degree>(value, ignoreCase: true) }, j),
        PolicyFacts.YearsSinceGraduation => (g with { YearsSinceGraduation = value is null ? null : int.Parse(value, CultureInfo.InvariantCulture) }, j),
        PolicyFacts.Residency => (g with { Residency = value is null ? null : GraduateValidator.ParseResidency(value) }, j),
        PolicyFacts.LeftSchoolUnemployed => (g with { LeftSchoolUnemployed = value is null ? null : value == "true" }, j),
        PolicyFacts.Housing => (g with { Housing = value }, j),
        PolicyFacts.EmploymentRoute => (g, j with { EmploymentRoute = value }),
        PolicyFacts.EmployerKind => (g, j with { EmployerKind = value }),
        PolicyFacts.District => (g, j with { District = value }),
        PolicyFacts.PostKind => (g, j with { PostKind = value is null ? null : PostKinds.TryParse(value, out var k) ? k : throw new ArgumentException(value) }),
        _ => throw new ArgumentException(fact),
    };
}
