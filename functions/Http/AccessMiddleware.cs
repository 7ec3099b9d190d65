using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Liuhu.Functions.Http;

/// <summary>In Azure: runs every HTTP function through the request pipeline, keyed on the route's declared policy.
/// The dev host calls the same pipeline with the same policies (see devhost/HttpTriggerEndpoints.cs).</summary>
public sealed class AccessMiddleware(RoutePolicies policies, RequestPipeline pipeline) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.GetHttpContext() is not { } http)
        {
            await next(context);
            return;
        }

        var policy = policies.ForEntryPoint(context.FunctionDefinition.EntryPoint)
            ?? throw new InvalidOperationException($"No route policy for {context.FunctionDefinition.EntryPoint}.");
        var data = context.BindingContext.BindingData;
        var routeValues = policy.RouteParameters.ToDictionary(name => name, name => data.TryGetValue(name, out var value) ? value?.ToString() : null, StringComparer.Ordinal);
        var result = await pipeline.RunAsync(http, policy, routeValues, async () =>
        {
            await next(context);
            return context.GetInvocationResult().Value as IActionResult;
        });
        context.GetInvocationResult().Value = result;
    }
}
