using System.Text.Json;
using Liuhu.Core.Access;
using Liuhu.Core.Domain;
using Liuhu.Core.Problems;
using Microsoft.Extensions.Logging;

namespace Liuhu.Core.Graduates;

/// <summary>One graduate's profile: put, get, erase, each within the caller's scope (a university its own
/// graduates, the bureau any). Never logs personal data or ids: only the university and what happened.</summary>
public sealed class GraduateService(IGraduateStore store, GraduateErasure erasure, TimeProvider time, ILogger<GraduateService> logger)
{
    public async Task<GraduateProfile> PutAsync(Caller caller, string graduateId, JsonElement body, CancellationToken cancellationToken)
    {
        EnsureInScope(caller, graduateId);
        var profile = Parse(graduateId, body, time.GetUtcNow()) with { Source = "api:" + caller.OrganisationId };
        await store.UpsertAsync(profile, cancellationToken);
        logger.LogInformation("Graduate profile of university {University} stored by {CredentialId}", GraduateIds.UniversityOf(graduateId), caller.CredentialId);
        return profile;
    }

    /// <summary>Validates a JSON profile without storing it (also used for matching a profile sent in a request).</summary>
    public static GraduateProfile Parse(string graduateId, JsonElement body, DateTimeOffset now)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new ProblemException(Problem.BadRequest("json.invalid", "请求体应为 JSON 对象", "The body must be a JSON object."));
        }

        var (profile, errors, _) = GraduateValidator.Validate(new Validation.JsonFieldSource(body, JsonPaths, new Dictionary<string, string> { ["graduateId"] = graduateId }), "api", now);
        return profile ?? throw new ProblemException(new Problem(422, "graduate.invalid", "毕业生信息有误，请按 errors 逐项修改",
            $"The profile has {errors.Count} invalid field(s); see errors.") { Errors = errors });
    }

    public async Task<GraduateProfile> GetAsync(Caller caller, string graduateId, CancellationToken cancellationToken)
    {
        EnsureInScope(caller, graduateId);
        return await store.GetAsync(graduateId, cancellationToken) ?? throw NotFound(graduateId);
    }

    /// <summary>Erases the graduate everywhere (see <see cref="GraduateErasure"/>).</summary>
    public async Task DeleteAsync(Caller caller, string graduateId, CancellationToken cancellationToken)
    {
        EnsureInScope(caller, graduateId);
        if (!await erasure.EraseAsync(graduateId, cancellationToken))
        {
            throw NotFound(graduateId);
        }

        logger.LogInformation("Graduate of university {University} erased on request by {CredentialId}", GraduateIds.UniversityOf(graduateId), caller.CredentialId);
    }

    /// <summary>Another university's graduate answers exactly as one that does not exist.</summary>
    private static void EnsureInScope(Caller caller, string graduateId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        GraduateIds.EnsureNamespaced(graduateId);
        if (!caller.OwnsUniversity(GraduateIds.UniversityOf(graduateId)))
        {
            throw NotFound(graduateId);
        }
    }

    public static object View(GraduateProfile p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new
        {
            p.GraduateId,
            UniversityCode = GraduateIds.UniversityOf(p.GraduateId),
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

    /// <summary>The consent flags sit in a nested object of the JSON profile.</summary>
    private static readonly Dictionary<string, string> JsonPaths = new(StringComparer.Ordinal)
    {
        ["consentMatching"] = "consent.matching",
        ["consentShare"] = "consent.shareWithEmployers",
    };
}
