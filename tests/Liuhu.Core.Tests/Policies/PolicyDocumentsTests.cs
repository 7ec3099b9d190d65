using System.Text.Json;
using Liuhu.Core.Policies;
using Liuhu.Core.Problems;

namespace Liuhu.Core.Tests.Policies;

public class PolicyDocumentsTests
{
    private const string Valid = """
        { "policyId": "hire-subsidy", "name": "吸纳就业补贴", "issuingUnit": "市人社局", "legalBasis": "示例",
          "beneficiary": "employer",
          "conditions": [ { "fact": "graduate.leftSchoolUnemployed", "op": "in", "values": ["true"] } ],
          "benefit": { "summary": "一次性补贴", "maxAmountYuan": 1000 } }
        """;

    private static Policy Parse(string json, string? id = null)
    {
        using var document = JsonDocument.Parse(json);
        return PolicyDocuments.Parse(document.RootElement, id);
    }

    private static IReadOnlyList<RowIssue> Errors(string json) => Assert.Throws<ProblemException>(() => Parse(json)).Problem.Errors!;

    [Fact]
    public void Parse_ValidBody_ReadsConditionsAsData()
    {
        var policy = Parse(Valid);
        Assert.Equal(PolicyBeneficiary.Employer, policy.Beneficiary);
        var condition = Assert.Single(policy.Conditions);
        Assert.Equal(("graduate.leftSchoolUnemployed", ConditionOperator.In, null), (condition.Fact, condition.Op, condition.Label));
        Assert.Equal(["true"], condition.Values);
        Assert.Equal(1000m, policy.Benefit.MaxAmountYuan);
    }

    [Fact]
    public void Parse_RouteId_WinsOverBody() => Assert.Equal("other-id", Parse(Valid, "other-id").PolicyId);

    [Theory]
    [InlineData("\"fact\": \"graduate.leftSchoolUnemployed\"", "\"fact\": \"graduate.gender\"", "policy.fact_unknown")]
    [InlineData("\"values\": [\"true\"]", "\"values\": [\"maybe\"]", "policy.value_invalid")]
    [InlineData("\"values\": [\"true\"]", "\"values\": []", "policy.values_invalid")]
    [InlineData("\"op\": \"in\"", "\"op\": \"atLeast\"", "policy.op_invalid")]
    [InlineData("\"maxAmountYuan\": 1000", "\"maxAmountYuan\": -1", "policy.amount_invalid")]
    [InlineData("\"policyId\": \"hire-subsidy\"", "\"policyId\": \"Bad/Id\"", "policy.id_invalid")]
    [InlineData("\"name\": \"吸纳就业补贴\"", "\"name\": \" \"", "policy.required")]
    public void Parse_InvalidField_422WithCode(string replace, string with, string code)
    {
        var errors = Errors(Valid.Replace(replace, with, StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Code == code);
    }

    [Fact]
    public void Parse_ProtectedAttributeAsFact_Refused()
    {
        // Gender, ethnicity and the like are not facts a condition can name.
        Assert.DoesNotContain(PolicyFacts.All, f => f.Code.Contains("gender", StringComparison.OrdinalIgnoreCase) || f.Code.Contains("ethnic", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Parse_MissingBenefit_422()
    {
        var problem = Assert.Throws<ProblemException>(() => Parse("""{ "policyId": "x1", "name": "n", "issuingUnit": "u", "legalBasis": "b" }""")).Problem;
        Assert.Equal(422, problem.Status);
        Assert.Equal("policy.invalid", problem.Code);
    }

    [Fact]
    public void SerializeDeserialize_SeededPolicies_RoundTrip()
    {
        foreach (var policy in PolicySeeder.Read())
        {
            var back = PolicyDocuments.Deserialize(PolicyDocuments.Serialize(policy));
            Assert.Equal(PolicyDocuments.Serialize(policy), PolicyDocuments.Serialize(back));
            Assert.Equal(policy.Conditions.Count, back.Conditions.Count);
        }
    }
}
