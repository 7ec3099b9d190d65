using System.Text.Json;
using Liuhu.Core.Access;
using Liuhu.Core.Audit;
using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Core.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Liuhu.Functions.Http;

/// <summary>The one path every HTTP request takes, in Azure (worker middleware) and in the dev host alike:
/// authenticate, apply the route's declared policy and tenant, rate-limit, run the function, map failures to
/// problem+json, audit. Functions only bind, call a service and map the result.</summary>
public sealed class RequestPipeline(
    AccessService access,
    GraduateTokens graduateTokens,
    ClientRateLimiter limiter,
    AccessLog accessLog,
    GraduatePseudonyms pseudonyms,
    TimeProvider time,
    ILogger<RequestPipeline> logger)
{
    public async Task<IActionResult> RunAsync(HttpContext context, RoutePolicy policy, IReadOnlyDictionary<string, string?> routeValues, Func<Task<IActionResult?>> function)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(routeValues);
        ArgumentNullException.ThrowIfNull(function);
        var instance = context.Request.Path.Value;
        Caller? caller = null;
        Dictionary<string, string>? targets = null;
        IActionResult result;
        try
        {
            caller = await AuthenticateAsync(context.Request, context.RequestAborted);
            limiter.Enforce(context.Request, caller?.CredentialId);
            Authorise(caller, policy);
            var tokenGraduate = CheckTenant(context.Request, caller, policy, routeValues);
            context.SetCaller(caller, tokenGraduate);

            // Targets are named before the function runs: after an erasure the graduate's pseudonym must not be made anew.
            targets = caller is not null && (caller.IsBureau || policy.Audit) ? await TargetsAsync(routeValues) : null;
            result = await function() ?? ApiResults.NoContent();
        }
        catch (Exception ex)
        {
            result = Map(ex, context, policy, instance);
        }

        if (caller is not null && targets is not null)
        {
            await AuditAsync(context, caller, policy, targets, result);
        }

        return result;
    }

    private async Task<Caller?> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.Headers[ApiKeys.Header].FirstOrDefault() is not { Length: > 0 } key)
        {
            return null;
        }

        if (await access.AuthenticateAsync(key, cancellationToken) is { } caller)
        {
            return caller;
        }

        // A wrong key costs a storage read: guessing is held to the anonymous limit of the client's address.
        limiter.Enforce(request, null);
        throw new ProblemException(new Problem(401, "auth.invalid", "机构凭据无效、已吊销或已过期",
            $"The {ApiKeys.Header} credential is not valid (unknown, revoked or expired)."));
    }

    private static void Authorise(Caller? caller, RoutePolicy policy)
    {
        if (caller is null)
        {
            if (!policy.Allows(Callers.Anonymous))
            {
                throw new ProblemException(new Problem(401, "auth.required", "请提供机构凭据",
                    $"This route needs an organisation's API key in the {ApiKeys.Header} header."));
            }

            return;
        }

        if (!policy.Allows(CallerFlag(caller.Kind)))
        {
            throw new ProblemException(new Problem(403, "auth.forbidden", "该机构类型无权调用此接口",
                $"A {OrganisationCodes.KindName(caller.Kind)} credential may not call {policy.FunctionName}."));
        }
    }

    /// <summary>Another tenant's post or graduate answers exactly as one that does not exist, so a refusal
    /// reveals nothing. Returns the graduate a site's token names, when it sent a valid one.</summary>
    private string? CheckTenant(HttpRequest request, Caller? caller, RoutePolicy policy, IReadOnlyDictionary<string, string?> routeValues)
    {
        if (caller is null)
        {
            return null;
        }

        if (policy.Tenant == RouteTenant.Vacancy && caller.Kind == OrganisationKind.Employer)
        {
            var vacancyId = routeValues.GetValueOrDefault("vacancyId");
            if (!VacancyIds.TrySplit(vacancyId, out var creditCode, out _) || creditCode != caller.Tenant)
            {
                throw new ProblemException(Problem.NotFound("vacancy.not_found", "未找到该岗位", $"No vacancy with id '{vacancyId}'."));
            }
        }

        string? tokenGraduate = null;
        if (caller.Kind == OrganisationKind.Site && request.Headers[GraduateTokens.Header].FirstOrDefault() is { Length: > 0 } token)
        {
            tokenGraduate = graduateTokens.Verify(token, caller.OrganisationId);
        }

        if (policy.Tenant == RouteTenant.Graduate)
        {
            var graduateId = routeValues.GetValueOrDefault("graduateId");
            switch (caller.Kind)
            {
                case OrganisationKind.University when GraduateIds.UniversityOf(graduateId) != caller.Tenant:
                    throw new ProblemException(Problem.NotFound("graduate.not_found", "未找到该毕业生", $"No graduate with id '{graduateId}'."));
                case OrganisationKind.Site when tokenGraduate is null || tokenGraduate != graduateId:
                    // The same answer whether or not the graduate exists or consented: only a valid token for this graduate opens it.
                    throw new ProblemException(new Problem(403, "graduate_token.invalid", "需要该毕业生本人登录后签发的有效令牌",
                        $"The public site must send a valid, unexpired {GraduateTokens.Header} issued for this graduate."));
            }
        }

        return tokenGraduate;
    }

    private IActionResult Map(Exception exception, HttpContext context, RoutePolicy policy, string? instance)
    {
        switch (exception)
        {
            case ProblemException ex:
                return ApiResults.Problem(ex.Problem, instance);
            case JsonException ex:
                return ApiResults.Problem(Problem.BadRequest("json.invalid", "请求体不是有效的 JSON",
                    $"The body is not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine})."), instance);
            case BadHttpRequestException ex:
                return ApiResults.Problem(new Problem(ex.StatusCode, "request.invalid", "请求无法读取", ex.Message), instance);
            case OperationCanceledException when context.RequestAborted.IsCancellationRequested:
                return ApiResults.Problem(new Problem(499, "request.cancelled", "请求已取消", "The client closed the request."), instance);
            case var ex when IsStorageFault(ex):
                // Storage faults are ours, not the caller's: say so, and that retrying is safe.
                logger.LogError(ex, "Storage failed while serving {Function}", policy.FunctionName);
                return ApiResults.Problem(new Problem(503, "storage.unavailable", "存储服务暂时不可用，请稍后重试",
                    "Storage is temporarily unavailable; retry later.") { RetryAfterSeconds = 5 }, instance);
            default:
                logger.LogError(exception, "Unhandled failure while serving {Function}", policy.FunctionName);
                return ApiResults.Problem(new Problem(500, "internal", "服务器内部错误", "The function failed; see the server log."), instance);
        }
    }

    /// <summary>A cancellation nobody asked for is the storage client's per-try timeout (Azure.Core throws
    /// TaskCanceledException, wrapped in an AggregateException once the retries are spent); a client that went
    /// away is told apart before this is asked.</summary>
    private static bool IsStorageFault(Exception ex) => ex switch
    {
        Azure.RequestFailedException or HttpRequestException or TimeoutException or OperationCanceledException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsStorageFault),
        _ => false,
    };

    private async Task<Dictionary<string, string>> TargetsAsync(IReadOnlyDictionary<string, string?> routeValues)
    {
        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in routeValues)
        {
            if (value is not null)
            {
                // A graduate is named by pseudonym only, so that an erasure (which deletes the pseudonym's key) unlinks the log.
                targets[name] = name == "graduateId" ? await pseudonyms.OfAsync(value, CancellationToken.None) : value;
            }
        }

        return targets;
    }

    private async Task AuditAsync(HttpContext context, Caller caller, RoutePolicy policy, Dictionary<string, string> targets, IActionResult result)
    {
        try
        {
            var status = result is JsonBodyResult json ? json.Status : StatusCodes.Status200OK;
            await accessLog.RecordAsync(new AccessRecord(time.GetUtcNow(), caller.OrganisationId, caller.CredentialId, policy.FunctionName, context.Request.Method, targets, status),
                CancellationToken.None);
        }
        catch (Exception ex) when (IsStorageFault(ex))
        {
            logger.LogError(ex, "Could not write the access log for {Function} by {CredentialId}", policy.FunctionName, caller.CredentialId);
        }
    }

    private static Callers CallerFlag(OrganisationKind kind) => kind switch
    {
        OrganisationKind.Employer => Callers.Employer,
        OrganisationKind.University => Callers.University,
        OrganisationKind.District => Callers.District,
        OrganisationKind.Bureau => Callers.Bureau,
        _ => Callers.Site,
    };
}
