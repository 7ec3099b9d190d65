using System.Text.Json;
using Liuhu.Core.Graduates;
using Liuhu.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Liuhu.Functions.Graduates;

public sealed class GraduateFunctions(GraduateService graduates)
{
    [Function(nameof(PutGraduate))]
    [Access(Callers.University, Tenant = RouteTenant.Graduate, Audit = true)]
    public async Task<IActionResult> PutGraduate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "graduates/{graduateId}")] HttpRequest request,
        string graduateId,
        CancellationToken cancellationToken)
    {
        using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        var profile = await graduates.PutAsync(request.Caller(), graduateId, body.RootElement, cancellationToken);
        return ApiResults.Ok(GraduateService.View(profile));
    }

    [Function(nameof(GetGraduate))]
    [Access(Callers.University, Tenant = RouteTenant.Graduate)]
    public async Task<IActionResult> GetGraduate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "graduates/{graduateId}")] HttpRequest request,
        string graduateId,
        CancellationToken cancellationToken) =>
        ApiResults.Ok(GraduateService.View(await graduates.GetAsync(request.Caller(), graduateId, cancellationToken)));

    [Function(nameof(DeleteGraduate))]
    [Access(Callers.University, Tenant = RouteTenant.Graduate, Audit = true)]
    public async Task<IActionResult> DeleteGraduate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "graduates/{graduateId}")] HttpRequest request,
        string graduateId,
        CancellationToken cancellationToken)
    {
        await graduates.DeleteAsync(request.Caller(), graduateId, cancellationToken);
        return ApiResults.NoContent();
    }
}
