using Liuhu.Core.Problems;
using Liuhu.Core.Storage;
using Liuhu.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Liuhu.Functions.Health;

public sealed class HealthFunctions(StorageHealth health)
{
    [Access(Callers.Everyone)]
    [Function(nameof(Health))]
    public async Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var report = await health.CheckAsync(cancellationToken);
        return report.Healthy
            ? ApiResults.Ok(new { Status = "healthy", Storage = "ok" })
            : ApiResults.Problem(new Problem(503, "storage.unavailable", "存储服务不可用", report.Reason ?? "Storage did not answer."), request?.Path.Value);
    }
}
