using System.Text.Json;
using Liuhu.Core.Ledgers;
using Liuhu.Core.Programme;
using Liuhu.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Liuhu.Functions.Programme;

/// <summary>Employment (就业去向) and activity figures, as the units responsible record them for progress.</summary>
public sealed class EmploymentFunctions(EmploymentService employment, ActivityService activities)
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    [Function(nameof(RecordEmployment))]
    [Access(Callers.University | Callers.District, Audit = true)]
    public async Task<IActionResult> RecordEmployment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "employment-records")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        return ApiResults.Ok(await employment.RecordAsync(request.Caller(), body.RootElement, cancellationToken));
    }

    /// <summary>A 就业去向 file, recorded within the request. With <c>Accept</c> asking for .xlsx, the answer is the
    /// error workbook (the rejected rows with 错误原因) and the counts in headers; else the JSON report.</summary>
    [Function(nameof(ImportEmployment))]
    [Access(Callers.University | Callers.District, Audit = true)]
    public async Task<IActionResult> ImportEmployment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "employment-records/file")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var import = await employment.ImportAsync(request.Caller(), request.Body, cancellationToken);
        if (request.Headers.Accept.Any(a => a?.Contains(XlsxType, StringComparison.OrdinalIgnoreCase) == true))
        {
            request.HttpContext.Response.Headers["X-Liuhu-Rows"] = import.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture);
            request.HttpContext.Response.Headers["X-Liuhu-Recorded"] = import.Recorded.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return new FileBodyResult(await ErrorWorkbook.WriteAsync(import.Rejected, cancellationToken), XlsxType, "employment-errors.xlsx");
        }

        return ApiResults.Ok(new { import.Rows, import.Recorded, Rejected = import.Rows - import.Recorded, import.Errors, import.Warnings });
    }

    /// <summary>The plan's activity indicators with their targets and lead units (public, as the plan is).</summary>
    [Function(nameof(ListActivityIndicators))]
    [Access(Callers.Everyone)]
    public IActionResult ListActivityIndicators(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programme/activities")] HttpRequest request) =>
        ApiResults.Ok(new { Items = ActivityIndicators.All.Select(i => new { i.Code, i.Name, i.Unit, i.Target, i.LeadUnit, i.PlanItem, EnteredBy = i.EnteredBy == Core.Access.OrganisationKind.District ? "district" : "bureau" }) });

    [Function(nameof(EnterActivityFigure))]
    [Access(Callers.District, Audit = true)]
    public async Task<IActionResult> EnterActivityFigure(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "programme/activities/{indicator}/{month}")] HttpRequest request,
        string indicator,
        string month,
        CancellationToken cancellationToken)
    {
        using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        return ApiResults.Ok(await activities.EnterAsync(request.Caller(), indicator, month, body.RootElement, cancellationToken));
    }
}
