using Liuhu.Core.Catalogues;
using Liuhu.Core.Programme;
using Liuhu.Core.Storage;
using Liuhu.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Liuhu.Functions.Programme;

/// <summary>Programme progress: anonymous reads of the stored figures, and the rebuilds that keep them fresh
/// (a schedule, change notices, and the bureau on demand).</summary>
public sealed class ProgrammeFunctions(ProgressService progress, MonthlyProgress months)
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    [Function(nameof(GetProgrammeProgress))]
    [Access(Callers.Everyone)]
    public async Task<IActionResult> GetProgrammeProgress(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programme/progress")] HttpRequest request,
        CancellationToken cancellationToken) =>
        ApiResults.Ok(await progress.GetAsync(cancellationToken));

    [Function(nameof(GetProgrammeProgressPage))]
    [Access(Callers.Everyone)]
    public async Task<IActionResult> GetProgrammeProgressPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programme/progress/page")] HttpRequest request,
        CancellationToken cancellationToken) =>
        new TextBodyResult(await progress.GetPageAsync(cancellationToken), "text/html; charset=utf-8");

    /// <summary>The bureau rebuilds now (before a meeting, say) instead of waiting for the schedule.</summary>
    [Function(nameof(RebuildProgrammeProgress))]
    [Access(Callers.Bureau)]
    public async Task<IActionResult> RebuildProgrammeProgress(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/programme/progress")] HttpRequest request,
        CancellationToken cancellationToken) =>
        ApiResults.Ok(await progress.RefreshAsync(cancellationToken));

    /// <summary>On the ProgressSchedule setting (every 5 minutes by default): the safety net that counts any
    /// change whose notice was lost.</summary>
    [Function(nameof(RefreshProgrammeProgress))]
    public Task RefreshProgrammeProgress([TimerTrigger("%ProgressSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        progress.RefreshOnScheduleAsync(cancellationToken);

    /// <summary>After outcomes, a ledger or a graduate changed (debounced by the sender).</summary>
    [Function(nameof(RefreshProgrammeProgressOnChange))]
    public Task RefreshProgrammeProgressOnChange([QueueTrigger(StorageNames.ProgressQueue)] string message, CancellationToken cancellationToken) =>
        progress.RefreshForChangeAsync(ProgressRefreshQueue.Parse(message).RequestedAt, cancellationToken);

    /// <summary>The live figures as the monthly report's workbook (for a mid-month 调度 meeting).</summary>
    [Function(nameof(GetProgrammeProgressReport))]
    [Access(Callers.Everyone)]
    public async Task<IActionResult> GetProgrammeProgressReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programme/progress/report.xlsx")] HttpRequest request,
        CancellationToken cancellationToken) =>
        new FileBodyResult(await ProgressReportXlsx.WriteAsync(await progress.GetAsync(cancellationToken), cancellationToken), XlsxType, "liuhu-progress.xlsx");

    [Function(nameof(ListProgrammeMonths))]
    [Access(Callers.Everyone)]
    public async Task<IActionResult> ListProgrammeMonths(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programme/progress/months")] HttpRequest request,
        CancellationToken cancellationToken) =>
        ApiResults.Ok(new { Items = (await months.ListAsync(cancellationToken)).Select(m => new { Month = m }) });

    /// <summary>A published month, byte for byte as stored, with its ETag (If-None-Match answers 304).</summary>
    [Function(nameof(GetProgrammeMonth))]
    [Access(Callers.Everyone)]
    public async Task<IActionResult> GetProgrammeMonth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programme/progress/months/{month}")] HttpRequest request,
        string month,
        CancellationToken cancellationToken)
    {
        var stored = await months.GetAsync(Period.Parse(month), cancellationToken);
        return StoredJsonResult.For(stored, request.Headers.IfNoneMatch);
    }

    [Function(nameof(GetProgrammeMonthReport))]
    [Access(Callers.Everyone)]
    public async Task<IActionResult> GetProgrammeMonthReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programme/progress/months/{month}/report.xlsx")] HttpRequest request,
        string month,
        CancellationToken cancellationToken)
    {
        var stored = await months.GetAsync(Period.Parse(month), cancellationToken);
        return new FileBodyResult(await ProgressReportXlsx.WriteAsync(stored.Progress, cancellationToken), XlsxType, $"liuhu-progress-{month}.xlsx");
    }

    [Function(nameof(GetProgrammeMonthPage))]
    [Access(Callers.Everyone)]
    public async Task<IActionResult> GetProgrammeMonthPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programme/progress/months/{month}/page")] HttpRequest request,
        string month,
        CancellationToken cancellationToken)
    {
        var stored = await months.GetAsync(Period.Parse(month), cancellationToken);
        return new TextBodyResult(ProgressPage.Render(stored.Progress, "../../../../policies/page"), "text/html; charset=utf-8");
    }

    /// <summary>The bureau closes a month that has ended (before the timer does, say); a month already published
    /// is answered as it was published (200), a new one with 201.</summary>
    [Function(nameof(CloseProgrammeMonth))]
    [Access(Callers.Bureau)]
    public async Task<IActionResult> CloseProgrammeMonth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/programme/months/{month}")] HttpRequest request,
        string month,
        CancellationToken cancellationToken)
    {
        var (stored, created) = await months.CloseAsync(Period.Parse(month), cancellationToken);
        return StoredJsonResult.For(stored, default, created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    /// <summary>Daily at 16:10 UTC (00:10 Beijing): publishes the month that just ended, once.</summary>
    [Function(nameof(CloseLastProgrammeMonth))]
    public Task CloseLastProgrammeMonth([TimerTrigger("0 10 16 * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        months.CloseLastMonthAsync(cancellationToken);
}

/// <summary>A stored JSON document written as stored, with its ETag; 304 when the caller holds that version.</summary>
public sealed class StoredJsonResult(int status, StoredDocument? document, string etag) : IActionResult
{
    public static StoredJsonResult For(StoredDocument stored, Microsoft.Extensions.Primitives.StringValues ifNoneMatch, int status = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var etag = stored.ETag.StartsWith('"') ? stored.ETag : $"\"{stored.ETag}\"";
        var held = ifNoneMatch.SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.TrimEntries)).Any(v => v == etag || v == "*");
        return held && status == StatusCodes.Status200OK ? new(StatusCodes.Status304NotModified, null, etag) : new(status, stored, etag);
    }

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = status;
        response.Headers.ETag = etag;
        // A published month never changes: caches may keep it, and revalidate with If-None-Match.
        response.Headers.CacheControl = "public, max-age=300";
        if (document is not null)
        {
            response.ContentType = "application/json; charset=utf-8";
            await response.Body.WriteAsync(document.Content.ToMemory(), context.HttpContext.RequestAborted);
        }
    }
}
