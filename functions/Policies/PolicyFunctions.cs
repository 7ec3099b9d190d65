using System.Text.Json;
using Liuhu.Core.Graduates;
using Liuhu.Core.Policies;
using Liuhu.Core.Problems;
using Liuhu.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Liuhu.Functions.Policies;

/// <summary>The 就业创业扶持政策清单: the bureau maintains it (every change a version, audited), everyone reads it,
/// and a graduate (or a posted profile) learns which policies apply and why.</summary>
public sealed class PolicyFunctions(PolicyService policies, IGraduateStore graduates, PublicLinks links, TimeProvider time)
{
    [Function(nameof(ListPolicies))]
    [Access(Callers.Everyone)]
    public async Task<IActionResult> ListPolicies(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "policies")] HttpRequest request,
        CancellationToken cancellationToken) =>
        ApiResults.Ok(new { Items = await policies.ListAsync(cancellationToken) });

    [Function(nameof(GetPolicyPage))]
    [Access(Callers.Everyone)]
    public async Task<IActionResult> GetPolicyPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "policies/page")] HttpRequest request,
        CancellationToken cancellationToken) =>
        new TextBodyResult(PolicyPage.Render(await policies.ListAsync(cancellationToken), time.GetUtcNow()), "text/html; charset=utf-8");

    /// <summary>Which policies apply to a graduate, with the same protection as the graduate's matches.</summary>
    [Function(nameof(GetGraduatePolicies))]
    [Access(Callers.Site | Callers.University, Tenant = RouteTenant.Graduate)]
    public async Task<IActionResult> GetGraduatePolicies(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "graduates/{graduateId}/policies")] HttpRequest request,
        string graduateId,
        CancellationToken cancellationToken)
    {
        var housing = EligibilityRequest.Housing(request.Query["housing"].FirstOrDefault());
        var graduate = await graduates.GetAsync(graduateId, cancellationToken)
            ?? throw new ProblemException(Problem.NotFound("graduate.not_found", "未找到该毕业生", $"No graduate with id '{graduateId}'."));
        var items = await policies.ForGraduateAsync(GraduateFacts.From(graduate, policies.Today, housing), job: null, cancellationToken);
        return ApiResults.Ok(new { graduateId, Items = items });
    }

    /// <summary>The same for facts posted by anyone (used for this answer only, not stored).</summary>
    [Function(nameof(CheckPolicyEligibility))]
    [Access(Callers.Everyone)]
    public async Task<IActionResult> CheckPolicyEligibility(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "policies/eligibility")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        var (graduate, job) = EligibilityRequest.Parse(body.RootElement, policies.Today);
        return ApiResults.Ok(new { Items = await policies.ForGraduateAsync(graduate, job, cancellationToken) });
    }

    /// <summary>Graduates found eligible per policy (应享尽享). Kept apart from the progress document, which is being reworked.</summary>
    [Function(nameof(GetPolicyUptake))]
    [Access(Callers.Everyone)]
    public async Task<IActionResult> GetPolicyUptake(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programme/policy-uptake")] HttpRequest request,
        CancellationToken cancellationToken) =>
        ApiResults.Ok(await policies.UptakeAsync(cancellationToken));

    [Function(nameof(CreatePolicy))]
    [Access(Callers.Bureau, Audit = true)]
    public async Task<IActionResult> CreatePolicy(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/policies")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        var policy = await policies.CreateAsync(request.Caller(), body.RootElement, cancellationToken);
        return ApiResults.Created(policy, links.To($"manage/policies/{policy.PolicyId}"));
    }

    [Function(nameof(GetPolicyVersions))]
    [Access(Callers.Bureau)]
    public async Task<IActionResult> GetPolicyVersions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/policies/{policyId}")] HttpRequest request,
        string policyId,
        CancellationToken cancellationToken) =>
        ApiResults.Ok(new { policyId, Versions = await policies.HistoryAsync(policyId, cancellationToken) });

    [Function(nameof(RevisePolicy))]
    [Access(Callers.Bureau, Audit = true)]
    public async Task<IActionResult> RevisePolicy(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "manage/policies/{policyId}")] HttpRequest request,
        string policyId,
        CancellationToken cancellationToken)
    {
        using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        return ApiResults.Ok(await policies.ReviseAsync(request.Caller(), policyId, body.RootElement, cancellationToken));
    }

    [Function(nameof(RetirePolicy))]
    [Access(Callers.Bureau, Audit = true)]
    public async Task<IActionResult> RetirePolicy(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "manage/policies/{policyId}")] HttpRequest request,
        string policyId,
        CancellationToken cancellationToken) =>
        ApiResults.Ok(await policies.RetireAsync(request.Caller(), policyId, cancellationToken));
}
