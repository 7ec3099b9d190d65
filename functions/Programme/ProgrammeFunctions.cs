using Liuhu.Core.Programme;
using Liuhu.Core.Storage;
using Liuhu.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Liuhu.Functions.Programme;

/// <summary>Programme progress: anonymous reads of the stored figures, and the rebuilds that keep them fresh
/// (a schedule, change notices, and the bureau on demand).</summary>
public sealed class ProgrammeFunctions(ProgressService progress)
{
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
        progress.RefreshAsync(cancellationToken);

    /// <summary>After outcomes, a ledger or a graduate changed (debounced by the sender).</summary>
    [Function(nameof(RefreshProgrammeProgressOnChange))]
    public Task RefreshProgrammeProgressOnChange([QueueTrigger(StorageNames.ProgressQueue)] string message, CancellationToken cancellationToken) =>
        progress.RefreshForChangeAsync(ProgressRefreshQueue.Parse(message).RequestedAt, cancellationToken);
}
