using Liuhu.Core.Problems;
using Liuhu.Functions.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;

namespace Liuhu.DevHost;

/// <summary>Serves each HTTP-triggered function at /{routePrefix}/{route} for its methods, as the Functions
/// host does, through the same request pipeline and route policies as the worker middleware in Azure. Like
/// Core Tools when it runs locally, it does not check function keys (they are not the authorisation here).</summary>
public static class HttpTriggerEndpoints
{
    public static void Map(WebApplication app, IEnumerable<FunctionDescriptor> functions, HostJson hostJson)
    {
        ArgumentNullException.ThrowIfNull(app);
        var prefix = string.IsNullOrEmpty(hostJson?.RoutePrefix) ? string.Empty : "/" + hostJson.RoutePrefix.Trim('/');
        var http = functions.Where(f => f.Trigger == TriggerKind.Http).ToList();
        HostRouteRules.EnsureValid(http);
        var policies = app.Services.GetRequiredService<RoutePolicies>();
        foreach (var function in http)
        {
            FunctionInvoker.EnsureBindable(function);

            // Resolved once here, so a function the policy table does not know stops the start, not a request.
            var policy = policies.ForFunction(function.Name);
            var pattern = $"{prefix}/{function.Route!.TrimStart('/')}";
            app.MapMethods(pattern, function.HttpMethods!.Select(m => m.ToUpperInvariant()), (HttpContext context) => InvokeAsync(function, policy, context))
                .WithName(function.Name);
        }
    }

    private static async Task InvokeAsync(FunctionDescriptor function, RoutePolicy policy, HttpContext context)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Function." + function.Name);
        var pipeline = context.RequestServices.GetRequiredService<RequestPipeline>();
        var routeValues = policy.RouteParameters.ToDictionary(name => name, name => context.GetRouteValue(name)?.ToString(), StringComparer.Ordinal);
        object? result;
        try
        {
            result = await pipeline.RunAsync(context, policy, routeValues, async () => await CallAsync(function, context) as IActionResult);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            // What the Functions host does with an unhandled exception: log it, answer 500.
            logger.LogError(ex, "Function {Function} failed", function.Name);
            result = ApiResults.Problem(new Problem(500, "internal", "服务器内部错误", "The function failed; see the server log."), context.Request.Path);
        }

        switch (result)
        {
            case IActionResult action:
                await action.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
                break;
            case null:
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                break;
            default:
                await context.Response.WriteAsJsonAsync(result, JsonBodyResult.Options);
                break;
        }
    }

    private static Task<object?> CallAsync(FunctionDescriptor function, HttpContext context) =>
        FunctionInvoker.InvokeAsync(function, context.RequestServices, parameter =>
        {
            if (parameter.ParameterType == typeof(HttpRequest))
            {
                return context.Request;
            }

            if (parameter.ParameterType == typeof(CancellationToken))
            {
                return context.RequestAborted;
            }

            return FunctionInvoker.ConvertRouteValue(context.GetRouteValue(parameter.Name!), parameter.ParameterType);
        });
}
