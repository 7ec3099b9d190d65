using System.Globalization;
using System.Text.Json.Serialization;

namespace Liuhu.Core.Policies;

[JsonConverter(typeof(JsonStringEnumConverter<EligibilityStatus>))]
public enum EligibilityStatus
{
    [JsonStringEnumMemberName("eligible")]
    Eligible,

    [JsonStringEnumMemberName("not_eligible")]
    NotEligible,

    [JsonStringEnumMemberName("needs_information")]
    NeedsInformation,
}

[JsonConverter(typeof(JsonStringEnumConverter<ConditionOutcome>))]
public enum ConditionOutcome
{
    [JsonStringEnumMemberName("met")]
    Met,

    [JsonStringEnumMemberName("not_met")]
    NotMet,

    /// <summary>The fact is not known: the graduate (or the post) has not given it.</summary>
    [JsonStringEnumMemberName("unknown")]
    Unknown,

    /// <summary>The condition is about the side not yet chosen: the job a graduate will take, or the graduate an
    /// employer will hire. It says what that job or hire must be, and does not decide the verdict.</summary>
    [JsonStringEnumMemberName("on_hire")]
    OnHire,
}

/// <summary>One condition's outcome, with the reason in Chinese.</summary>
public sealed record ConditionResult(string Fact, ConditionOutcome Outcome, string Label, string Reason);

/// <summary>A policy's verdict for a graduate, a job, or both.</summary>
public sealed record PolicyEligibility(
    string PolicyId,
    int Version,
    string Name,
    PolicyBeneficiary Beneficiary,
    EligibilityStatus Status,
    string Reason,
    IReadOnlyList<ConditionResult> Conditions,
    PolicyBenefit Benefit);

/// <summary>The one place policy conditions are decided. Every condition is data (<see cref="PolicyCondition"/>);
/// there is no policy-specific code here. A condition about a subject not given (no job yet, or no graduate yet)
/// is <see cref="ConditionOutcome.OnHire"/>; a fact the given subject lacks is <see cref="ConditionOutcome.Unknown"/>.
/// Verdict: any condition not met → not eligible; else anything unknown (or conditions the bureau has not yet
/// entered in full) → needs information; else eligible.</summary>
public static class PolicyEvaluator
{
    public static PolicyEligibility Evaluate(Policy policy, GraduateFacts? graduate, JobFacts? job)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var results = policy.Conditions.Select(c => Evaluate(c, graduate, job)).ToList();
        var notMet = results.FirstOrDefault(r => r.Outcome == ConditionOutcome.NotMet);
        var unknown = results.Where(r => r.Outcome == ConditionOutcome.Unknown).ToList();
        var (status, reason) = (notMet, unknown.Count, policy.ConditionsComplete) switch
        {
            ({ } first, _, _) => (EligibilityStatus.NotEligible, $"不符合：{first.Label}"),
            (null, > 0, _) => (EligibilityStatus.NeedsInformation, $"需补充信息：{string.Join("；", unknown.Select(u => u.Label))}"),
            (null, 0, false) => (EligibilityStatus.NeedsInformation, "方案未列明全部申领条件，待人社局录入后确定；可先向人社部门咨询"),
            _ when results.Any(r => r.Outcome == ConditionOutcome.OnHire) =>
                (EligibilityStatus.Eligible, $"符合条件，{string.Join("；", results.Where(r => r.Outcome == ConditionOutcome.OnHire).Select(r => r.Reason))}"),
            _ => (EligibilityStatus.Eligible, results.Count == 0 ? "符合条件" : $"符合条件：{string.Join("；", results.Select(r => r.Label))}"),
        };
        return new PolicyEligibility(policy.PolicyId, policy.Version, policy.Name, policy.Beneficiary, status, reason, results, policy.Benefit);
    }

    public static ConditionResult Evaluate(PolicyCondition condition, GraduateFacts? graduate, JobFacts? job)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var fact = PolicyFacts.Find(condition.Fact);
        var label = condition.Label ?? (fact is null ? condition.Fact : Describe(fact, condition));
        if (fact is null)
        {
            return new(condition.Fact, ConditionOutcome.Unknown, label, $"需补充信息：无法判断“{condition.Fact}”");
        }

        var subjectGiven = fact.Subject == FactSubject.Graduate ? graduate is not null : job is not null;
        if (!subjectGiven)
        {
            return new(fact.Code, ConditionOutcome.OnHire, label, fact.Subject == FactSubject.Job ? $"就业时须满足：{label}" : $"所聘毕业生须满足：{label}");
        }

        var actual = fact.Subject == FactSubject.Graduate ? graduate!.Get(fact.Code) : job!.Get(fact.Code);
        if (actual is null)
        {
            return new(fact.Code, ConditionOutcome.Unknown, label, $"需补充信息：{label}（未登记{fact.Name}）");
        }

        var holds = Holds(fact, condition, actual);
        var shown = fact.Kind == FactKind.Number ? actual : fact.ValueName(actual);
        return holds
            ? new(fact.Code, ConditionOutcome.Met, label, $"符合：{label}（{fact.Name}：{shown}）")
            : new(fact.Code, ConditionOutcome.NotMet, label, $"不符合：{label}（{fact.Name}：{shown}）");
    }

    /// <summary>A condition in words, when the bureau gave no label: 学历本科及以上, 离校年限（年）不超过2.</summary>
    public static string Describe(FactDefinition fact, PolicyCondition condition)
    {
        ArgumentNullException.ThrowIfNull(fact);
        ArgumentNullException.ThrowIfNull(condition);
        var names = condition.Values.Select(v => fact.Kind == FactKind.Number ? v : fact.ValueName(v)).ToList();
        var first = names.FirstOrDefault() ?? string.Empty;
        return (condition.Op, fact.Kind) switch
        {
            (ConditionOperator.In, _) => $"{fact.Name}为{string.Join("或", names)}",
            (ConditionOperator.NotIn, _) => $"{fact.Name}不为{string.Join("或", names)}",
            (ConditionOperator.AtLeast, FactKind.Number) => $"{fact.Name}不少于{first}",
            (ConditionOperator.AtMost, FactKind.Number) => $"{fact.Name}不超过{first}",
            (ConditionOperator.AtLeast, _) => $"{fact.Name}{first}及以上",
            _ => $"{fact.Name}{first}及以下",
        };
    }

    private static bool Holds(FactDefinition fact, PolicyCondition condition, string actual)
    {
        switch (condition.Op)
        {
            case ConditionOperator.In:
                return condition.Values.Contains(actual, StringComparer.Ordinal);
            case ConditionOperator.NotIn:
                return !condition.Values.Contains(actual, StringComparer.Ordinal);
        }

        var (have, bound) = fact.Kind == FactKind.Number
            ? (int.Parse(actual, CultureInfo.InvariantCulture), int.Parse(condition.Values[0], CultureInfo.InvariantCulture))
            : (fact.Rank(actual), fact.Rank(condition.Values[0]));
        return condition.Op == ConditionOperator.AtLeast ? have >= bound : have <= bound;
    }
}
