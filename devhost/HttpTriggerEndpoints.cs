using Liuhu.Core.Problems;
using Liuhu.Functions.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;

namespace Liuhu.DevHost;

/// <summary>Serves each HTTP-triggered function at /{routePrefix}/{route} for its methods, as the Functions
/// host does. Like Core Tools when it runs locally, it does not check function keys.</summary>
public static class HttpTriggerEndpoints
{
    public static void Map(WebApplication app, IEnumerable<FunctionDescriptor> functions, HostJson hostJson)
    {
        ArgumentNullException.ThrowIfNull(app);
        var prefix = string.IsNullOrEmpty(hostJson?.RoutePrefix) ? string.Empty : "/" + hostJson.RoutePrefix.Trim('/');
        foreach (var function in functions.Where(f => f.Trigger == TriggerKind.Http))
        {
            FunctionInvoker.EnsureBindable(function);
            var pattern = $"{prefix}/{function.Route!.TrimStart('/')}";
            app.MapMethods(pattern, function.HttpMethods!.Select(m => m.ToUpperInvariant()), (HttpContext context) => InvokeAsync(function, context))
                .WithName(function.Name);
        }
    }

    private static async Task InvokeAsync(FunctionDescriptor function, HttpContext context)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Function." + function.Name);
        object? result;
        try
        {
            result = await FunctionInvoker.InvokeAsync(function, context.RequestServices, parameter =>
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
}
