using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Liuhu.Core.Problems;

namespace Liuhu.Core.Policies;

/// <summary>A policy as JSON, the same shape in the seed file, in the bureau's requests and in storage; and the
/// checks a policy passes before it is stored (every condition names a known fact and valid values).</summary>
public static partial class PolicyDocuments
{
    public const int MaxConditions = 20;
    public const int MaxValues = 50;

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public static string Serialize(Policy policy) => JsonSerializer.Serialize(policy, Options);

    public static Policy Deserialize(string json) =>
        JsonSerializer.Deserialize<Policy>(json, Options) ?? throw new JsonException("A policy document is null.");

    /// <summary>Reads and checks a policy the bureau sent; <paramref name="policyId"/> from the route wins over the body's.</summary>
    public static Policy Parse(JsonElement body, string? policyId)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new ProblemException(Problem.BadRequest("json.invalid", "请求体应为 JSON 对象", "The body must be a JSON object."));
        }

        Policy policy;
        try
        {
            policy = body.Deserialize<Policy>(Options) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw Invalid([new RowIssue(null, e.Path?.TrimStart('$', '.') ?? string.Empty, "policy.json_invalid", "字段缺失或类型不正确（name、issuingUnit、legalBasis、benefit.summary 必填；枚举值见文档）")]);
        }

        policy = policyId is null ? policy : policy with { PolicyId = policyId };
        var errors = Check(policy);
        return errors.Count == 0 ? policy : throw Invalid(errors);
    }

    public static List<RowIssue> Check(Policy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var errors = new List<RowIssue>();
        void Error(string field, string code, string message) => errors.Add(new RowIssue(null, field, code, message));
        void Text(string field, string? value, int max, bool required)
        {
            if (required && string.IsNullOrWhiteSpace(value))
            {
                Error(field, "policy.required", "不能为空");
            }
            else if (value is not null && value.Length > max)
            {
                Error(field, "policy.too_long", $"内容过长（{value.Length} 字），不得超过 {max} 字");
            }
        }

        if (policy.PolicyId is null || !PolicyId().IsMatch(policy.PolicyId))
        {
            Error("policyId", "policy.id_invalid", "政策编号应为 2-64 位小写字母、数字或连字符，以字母或数字开头");
        }

        Text("name", policy.Name, 100, required: true);
        Text("issuingUnit", policy.IssuingUnit, 100, required: true);
        Text("legalBasis", policy.LegalBasis, 300, required: true);
        Text("howToApply", policy.HowToApply, 2000, required: false);
        Text("notes", policy.Notes, 2000, required: false);
        Text("benefit.summary", policy.Benefit?.Summary, 500, required: true);
        Text("benefit.amountText", policy.Benefit?.AmountText, 200, required: false);
        if (policy.Link is { } link && (link.Length > 500 || !Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            Error("link", "policy.link_invalid", "链接应为 http 或 https 开头的完整网址");
        }

        if (policy.Benefit is { } b)
        {
            if (b.MaxAmountYuan is < 0)
            {
                Error("benefit.maxAmountYuan", "policy.amount_invalid", "金额不能为负数");
            }

            if (b.MaxShareOfMarketRent is { } share && (share <= 0 || share > 1))
            {
                Error("benefit.maxShareOfMarketRent", "policy.share_invalid", "占市场租金比例应在 0 到 1 之间（70% 写作 0.7）");
            }

            if (b.MaxDurationMonths is < 1 or > 600)
            {
                Error("benefit.maxDurationMonths", "policy.duration_invalid", "期限应为 1 到 600 个月");
            }
        }

        if (policy.ValidFrom is { } from && policy.ValidTo is { } to && to < from)
        {
            Error("validTo", "policy.validity_invalid", "有效期止不能早于有效期起");
        }

        if (policy.Conditions.Count > MaxConditions)
        {
            Error("conditions", "policy.too_many_conditions", $"条件不得超过 {MaxConditions} 条");
        }

        for (var i = 0; i < policy.Conditions.Count && i < MaxConditions; i++)
        {
            CheckCondition(policy.Conditions[i], $"conditions[{i}]", Error);
        }

        return errors;
    }

    private static void CheckCondition(PolicyCondition condition, string at, Action<string, string, string> error)
    {
        if (PolicyFacts.Find(condition?.Fact) is not { } fact)
        {
            error($"{at}.fact", "policy.fact_unknown", $"条件对象应为以下之一：{string.Join("、", PolicyFacts.All.Select(f => f.Code))}");
            return;
        }

        if (condition!.Label is { Length: > 100 })
        {
            error($"{at}.label", "policy.too_long", "条件说明不得超过 100 字");
        }

        var values = condition.Values ?? [];
        if (values.Count == 0 || values.Count > MaxValues)
        {
            error($"{at}.values", "policy.values_invalid", $"须填写 1 到 {MaxValues} 个取值");
            return;
        }

        if (condition.Op is ConditionOperator.AtLeast or ConditionOperator.AtMost && (fact.Kind == FactKind.Code || values.Count != 1))
        {
            error($"{at}.op", "policy.op_invalid", $"“{fact.Name}”不能比较大小，或 atLeast/atMost 只能有一个取值");
        }

        foreach (var value in values)
        {
            var valid = fact.Kind == FactKind.Number
                ? int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 100
                : fact.Values.Any(v => v.Code == value);
            if (!valid)
            {
                error($"{at}.values", "policy.value_invalid", fact.Kind == FactKind.Number
                    ? $"“{value}”应为 0 到 100 的整数"
                    : $"“{value}”不是“{fact.Name}”的取值，应为：{string.Join("、", fact.Values.Select(v => $"{v.Code}（{v.Name}）"))}");
            }
        }
    }

    private static ProblemException Invalid(IReadOnlyList<RowIssue> errors) =>
        new(new Problem(422, "policy.invalid", "政策内容有误，请按 errors 逐项修改", $"The policy has {errors.Count} invalid field(s); see errors.") { Errors = errors });

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,63}$")]
    private static partial Regex PolicyId();
}
