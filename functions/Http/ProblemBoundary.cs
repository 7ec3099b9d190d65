using System.Text.Json;
using Liuhu.Core.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Liuhu.Functions.Http;

/// <summary>Maps failures to problem+json inside the function itself (not in worker middleware, which the
/// dev host does not run), so both hosts answer alike and bad input never becomes a 500.</summary>
public static class ProblemBoundary
{
    /// <summary>For anonymous endpoints: the per-client rate limit first, then the handler, inside the same mapping.</summary>
    public static Task<IActionResult> RunAnonymousAsync(HttpRequest request, AnonymousRateLimiter limiter, ILogger logger, Func<Task<IActionResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(limiter);
        return RunAsync(request, logger, () =>
        {
            limiter.Enforce(request);
            return handler();
        });
    }

    public static async Task<IActionResult> RunAsync(HttpRequest request, ILogger logger, Func<Task<IActionResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(handler);
        var instance = request.Path.Value;
        try
        {
            return await handler();
        }
        catch (ProblemException ex)
        {
            return ApiResults.Problem(ex.Problem, instance);
        }
        catch (JsonException ex)
        {
            return ApiResults.Problem(Problem.BadRequest("json.invalid", "请求体不是有效的 JSON",
                $"The body is not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine})."), instance);
        }
        catch (BadHttpRequestException ex)
        {
            return ApiResults.Problem(new Problem(ex.StatusCode, "request.invalid", "请求无法读取", ex.Message), instance);
        }
        catch (OperationCanceledException) when (request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return ApiResults.Problem(new Problem(499, "request.cancelled", "请求已取消", "The client closed the request."), instance);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or TimeoutException)
        {
            // Storage faults are ours, not the caller's: say so, and that retrying is safe.
            logger.LogError(ex, "Storage failed while serving {Method} {Path}", request.Method, instance);
            return ApiResults.Problem(new Problem(503, "storage.unavailable", "存储服务暂时不可用，请稍后重试",
                "Storage is temporarily unavailable; retry later."), instance);
        }
    }
}
