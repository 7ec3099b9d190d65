using System.Text.Json;
using Liuhu.Core.Domain;
using Liuhu.Core.Problems;
using Microsoft.Extensions.Logging;

namespace Liuhu.Core.Graduates;

/// <summary>One graduate's profile: put, get, erase. Never logs personal data: only the id and what happened.</summary>
public sealed class GraduateService(IGraduateStore store, TimeProvider time, ILogger<GraduateService> logger)
{
    public async Task<GraduateProfile> PutAsync(string graduateId, JsonElement body, CancellationToken cancellationToken)
    {
        var profile = Parse(graduateId, body, time.GetUtcNow());
        await store.UpsertAsync(profile, cancellationToken);
        logger.LogInformation("Graduate {GraduateId} profile stored", graduateId);
        return profile;
    }

    /// <summary>Validates a JSON profile without storing it (also used for matching a profile sent in a request).</summary>
    public static GraduateProfile Parse(string graduateId, JsonElement body, DateTimeOffset now)
    {
        if (!GraduateIds.IsValid(graduateId))
        {
            throw InvalidId(graduateId);
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new ProblemException(Problem.BadRequest("json.invalid", "请求体应为 JSON 对象", "The body must be a JSON object."));
        }

        var (profile, errors, _) = GraduateValidator.Validate(new JsonSource(graduateId, body), "api", now);
        return profile ?? throw new ProblemException(new Problem(422, "graduate.invalid", "毕业生信息有误，请按 errors 逐项修改",
            $"The profile has {errors.Count} invalid field(s); see errors.") { Errors = errors });
    }

    public async Task<GraduateProfile> GetAsync(string graduateId, CancellationToken cancellationToken) =>
        await store.GetAsync(graduateId, cancellationToken) ?? throw NotFound(graduateId);

    public async Task DeleteAsync(string graduateId, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAsync(graduateId, cancellationToken))
        {
            throw NotFound(graduateId);
        }

        logger.LogInformation("Graduate {GraduateId} profile erased on request", graduateId);
    }

    public static object View(GraduateProfile p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new
        {
            p.GraduateId,
            p.Name,
            p.Phone,
            Degree = Degrees.Code(p.Degree),
            p.Major,
            p.MajorCode,
            p.University,
            p.GraduationYear,
            p.Skills,
            p.Certificates,
            p.PreferredClusters,
            p.PreferredDistricts,
            p.ExpectedSalary,
            p.Residency,
            p.LeftSchoolUnemployed,
            Consent = new { p.Consent.Matching, p.Consent.ShareWithEmployers },
            p.Gender,
            p.Ethnicity,
            p.Source,
            p.UpdatedAt,
        };
    }

    private static ProblemException NotFound(string graduateId) => new(Problem.NotFound("graduate.not_found",
        "未找到该毕业生", $"No graduate with id '{graduateId}'."));

    private static ProblemException InvalidId(string graduateId) => new(Problem.BadRequest("graduate_id.invalid",
        "毕业生编号无效：须为 1-64 位字母、数字、下划线、点或连字符", $"'{graduateId}' is not a valid graduate id: 1-64 of A-Z a-z 0-9 _ . -"));

    /// <summary>A JSON profile read through the same validator as a ledger row.</summary>
    private sealed class JsonSource(string graduateId, JsonElement body) : IGraduateFieldSource
    {
        public string Get(string field) => field switch
        {
            "graduateId" => graduateId,
            "consentMatching" => Text(Path("consent", "matching")),
            "consentShare" => Text(Path("consent", "shareWithEmployers")),
            _ => Text(Path(field)),
        };

        public RowIssue Issue(string field, string code, string message) => new(null, field switch
        {
            "consentMatching" => "consent.matching",
            "consentShare" => "consent.shareWithEmployers",
            _ => field,
        }, code, message);

        private JsonElement? Path(params string[] names)
        {
            var current = body;
            foreach (var name in names)
            {
                if (current.ValueKind != JsonValueKind.Object || !TryGetProperty(current, name, out current))
                {
                    return null;
                }
            }

            return current;
        }

        private static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = property.Value;
                    return true;
                }
            }

            value = default;
            return false;
        }

        private static string Text(JsonElement? value) => value?.ValueKind switch
        {
            JsonValueKind.String => value.Value.GetString() ?? string.Empty,
            JsonValueKind.Number => value.Value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Array => string.Join("、", value.Value.EnumerateArray().Select(v => Text(v))),
            _ => string.Empty,
        };
    }
}
