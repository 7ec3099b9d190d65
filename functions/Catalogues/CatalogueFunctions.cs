using Liuhu.Core.Catalogues;
using Liuhu.Core.Problems;
using Liuhu.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Liuhu.Functions.Catalogues;

public sealed class CatalogueFunctions(CatalogueService catalogues, TimeProvider time)
{
    /// <summary>On the 1st of each month at the time the CatalogueSchedule setting gives (01:00 UTC = 09:00
    /// Beijing by default), the month that has just ended is published.</summary>
    [Function(nameof(PublishMonthlyCatalogue))]
    public Task PublishMonthlyCatalogue([TimerTrigger("%CatalogueSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        catalogues.PublishAsync(Period.Of(time.GetUtcNow()).Previous, cancellationToken);

    [Function(nameof(PublishCatalogue))]
    [Access(Callers.Bureau)]
    public async Task<IActionResult> PublishCatalogue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/catalogues")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var period = request.Query["period"].FirstOrDefault() is { Length: > 0 } text ? Period.Parse(text) : Period.Of(time.GetUtcNow());
        var catalogue = await catalogues.PublishAsync(period, cancellationToken);
        return ApiResults.Ok(new { catalogue.Period, catalogue.PublishedAt, catalogue.Overall.Posts, catalogue.Overall.Headcount, catalogue.Overall.Employers });
    }

    [Function(nameof(ListCatalogues))]
    [Access(Callers.Everyone)]
    public async Task<IActionResult> ListCatalogues(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalogues")] HttpRequest request,
        CancellationToken cancellationToken) =>
        ApiResults.Ok(new { Items = await catalogues.ListAsync(cancellationToken) });

    [Function(nameof(GetLatestCatalogue))]
    [Access(Callers.Everyone)]
    public async Task<IActionResult> GetLatestCatalogue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalogues/latest")] HttpRequest request,
        CancellationToken cancellationToken) =>
        await CatalogueAsync(request, Period.Parse(await catalogues.LatestPeriodAsync(cancellationToken)), cancellationToken);

    [Function(nameof(GetCatalogue))]
    [Access(Callers.Everyone)]
    public async Task<IActionResult> GetCatalogue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalogues/{period}")] HttpRequest request,
        string period,
        CancellationToken cancellationToken) =>
        await CatalogueAsync(request, Period.Parse(period), cancellationToken);

    [Function(nameof(GetCataloguePage))]
    [Access(Callers.Everyone)]
    public async Task<IActionResult> GetCataloguePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalogues/{period}/page")] HttpRequest request,
        string period,
        CancellationToken cancellationToken) =>
        new TextBodyResult(await catalogues.GetPageAsync(Period.Parse(period), cancellationToken), "text/html; charset=utf-8");

    /// <summary>The list and /latest stop showing the period at once; it can be published again later.</summary>
    [Function(nameof(WithdrawCatalogue))]
    [Access(Callers.Bureau, Audit = true)]
    public async Task<IActionResult> WithdrawCatalogue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "manage/catalogues/{period}")] HttpRequest request,
        string period,
        CancellationToken cancellationToken) =>
        await catalogues.WithdrawAsync(Period.Parse(period), cancellationToken)
            ? ApiResults.NoContent()
            : throw new ProblemException(Problem.NotFound("catalogue.not_found", $"{period} 的人才需求目录尚未发布", $"No catalogue has been published for {period}."));

    private async Task<IActionResult> CatalogueAsync(HttpRequest request, Period period, CancellationToken cancellationToken)
    {
        var catalogue = await catalogues.GetAsync(period, cancellationToken);
        return request.Query["format"].FirstOrDefault() switch
        {
            null or "" or "json" => ApiResults.Ok(catalogue),
            "csv" => new FileBodyResult(CatalogueCsv.Write(catalogue), "text/csv; charset=utf-8", $"talent-demand-{period}.csv"),
            "xlsx" => new FileBodyResult(await CatalogueXlsx.WriteAsync(catalogue, cancellationToken),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"talent-demand-{period}.xlsx"),
            var other => throw new ProblemException(Problem.BadRequest("format.invalid", "format 应为 json、csv 或 xlsx", $"format must be json, csv or xlsx, not '{other}'.")),
        };
    }
}
