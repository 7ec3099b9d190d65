using System.Text.Json;
using Liuhu.Core.Graduates;
using Liuhu.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Liuhu.Functions.Graduates;

public sealed class GraduateFunctions(GraduateService graduates, ILogger<GraduateFunctions> logger)
{
    [Function(nameof(PutGraduate))]
    public Task<IActionResult> PutGraduate(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "graduates/{graduateId}")] HttpRequest request,
        string graduateId,
        CancellationToken cancellationToken) =>
        ProblemBoundary.RunAsync(request, logger, async () =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            var profile = await graduates.PutAsync(graduateId, body.RootElement, cancellationToken);
            return ApiResults.Ok(GraduateService.View(profile));
        });

    [Function(nameof(GetGraduate))]
    public Task<IActionResult> GetGraduate(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "graduates/{graduateId}")] HttpRequest request,
        string graduateId,
        CancellationToken cancellationToken) =>
        ProblemBoundary.RunAsync(request, logger, async () =>
            ApiResults.Ok(GraduateService.View(await graduates.GetAsync(graduateId, cancellationToken))));

    [Function(nameof(DeleteGraduate))]
    public Task<IActionResult> DeleteGraduate(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "graduates/{graduateId}")] HttpRequest request,
        string graduateId,
        CancellationToken cancellationToken) =>
        ProblemBoundary.RunAsync(request, logger, async () =>
        {
            await graduates.DeleteAsync(graduateId, cancellationToken);
            return ApiResults.NoContent();
        });
}
