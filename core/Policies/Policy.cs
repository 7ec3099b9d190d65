using System.Text.Json.Serialization;

namespace Liuhu.Core.Policies;

/// <summary>Who receives what a policy gives.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PolicyBeneficiary>))]
public enum PolicyBeneficiary
{
    [JsonStringEnumMemberName("graduate")]
    Graduate,

    /// <summary>The employer that hires (a subsidy for the hire).</summary>
    [JsonStringEnumMemberName("employer")]
    Employer,

    /// <summary>A human-resources agency that places the graduate (职业介绍补贴).</summary>
    [JsonStringEnumMemberName("hr_agency")]
    HrAgency,

    /// <summary>A park or development zone that builds housing (员工宿舍、人才公寓建设补助): not tied to one hire.</summary>
    [JsonStringEnumMemberName("park")]
    Park,
}

[JsonConverter(typeof(JsonStringEnumConverter<PolicyStatus>))]
public enum PolicyStatus
{
    [JsonStringEnumMemberName("active")]
    Active,

    [JsonStringEnumMemberName("retired")]
    Retired,
}

/// <summary>How a condition compares a fact with its values.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ConditionOperator>))]
public enum ConditionOperator
{
    /// <summary>The fact is one of the values.</summary>
    [JsonStringEnumMemberName("in")]
    In,

    /// <summary>The fact is none of the values.</summary>
    [JsonStringEnumMemberName("notIn")]
    NotIn,

    /// <summary>The fact is at least the one value (numbers; degrees in their order).</summary>
    [JsonStringEnumMemberName("atLeast")]
    AtLeast,

    /// <summary>The fact is at most the one value.</summary>
    [JsonStringEnumMemberName("atMost")]
    AtMost,
}

/// <summary>One condition of a policy, as data: a fact about the graduate or the job, an operator and values
/// (codes, see <see cref="PolicyFacts"/>). <see cref="Label"/> is how people read it, e.g. 新市民（非呼和浩特市户籍）;
/// when absent the evaluator writes one from the fact and values.</summary>
public sealed record PolicyCondition(string Fact, ConditionOperator Op, IReadOnlyList<string> Values, string? Label = null);

/// <summary>What a policy gives, only as far as the plan or the bureau states it: an amount the bureau has not
/// entered stays null and is shown as 待人社局填写, never guessed.</summary>
public sealed record PolicyBenefit
{
    /// <summary>What it gives, in the plan's words.</summary>
    public required string Summary { get; init; }

    /// <summary>The amount as written (e.g. 10万元以下免担保), when stated.</summary>
    public string? AmountText { get; init; }

    /// <summary>The largest amount in yuan, when stated.</summary>
    public decimal? MaxAmountYuan { get; init; }

    /// <summary>Rent as a share of the market rent, at most (0.7 for 不超过市场价的70%), when stated.</summary>
    public decimal? MaxShareOfMarketRent { get; init; }

    /// <summary>The longest it is paid, in months, when stated.</summary>
    public int? MaxDurationMonths { get; init; }
}

/// <summary>One policy of the 就业创业扶持政策清单 (plan item 18), one version of it. A new version replaces the
/// current one; retiring is a version with status retired, so the history stays.</summary>
public sealed record Policy
{
    public string PolicyId { get; init; } = string.Empty;

    public int Version { get; init; }

    public required string Name { get; init; }

    /// <summary>The unit that leads it (牵头单位).</summary>
    public required string IssuingUnit { get; init; }

    /// <summary>The document and item it rests on, e.g. 呼政发〔2024〕1号 第20条.</summary>
    public required string LegalBasis { get; init; }

    public string? Link { get; init; }

    public PolicyBeneficiary Beneficiary { get; init; }

    /// <summary>All must hold.</summary>
    public IReadOnlyList<PolicyCondition> Conditions { get; init; } = [];

    /// <summary>False while the bureau has not entered every condition (the plan names the policy but not who
    /// qualifies): then nobody is told "eligible", only "needs information".</summary>
    public bool ConditionsComplete { get; init; } = true;

    public required PolicyBenefit Benefit { get; init; }

    public string? HowToApply { get; init; }

    public DateOnly? ValidFrom { get; init; }

    public DateOnly? ValidTo { get; init; }

    public string? Notes { get; init; }

    public PolicyStatus Status { get; init; } = PolicyStatus.Active;

    /// <summary>Where this version came from: the seed file (naming the plan) or the bureau's credential.</summary>
    public string Source { get; init; } = string.Empty;

    public DateTimeOffset UpdatedAt { get; init; }

    public bool InForce(DateOnly day) => Status == PolicyStatus.Active && (ValidFrom is null || ValidFrom <= day) && (ValidTo is null || day <= ValidTo);
}
