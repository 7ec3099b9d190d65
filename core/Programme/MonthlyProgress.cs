using Liuhu.Core.Catalogues;
using Liuhu.Core.Problems;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Liuhu.Core.Programme;

/// <summary>Monthly snapshots (月调度): when a month closes its figures are stored once, as
/// <c>progress/yyyy-MM.json</c>, counting employment dated up to the month's end, and from then on served exactly
/// as published, whatever is recorded later. Closed by the timer after each month ends, or by the bureau on
/// demand; whichever comes first publishes, the other finds it stored.</summary>
public sealed class MonthlyProgress(ProgressService progress, ProgressStore store, TimeProvider time, IOptions<ProgrammeOptions> options, ILogger<MonthlyProgress> logger)
{
    /// <summary>Publishes <paramref name="month"/> unless it is published already. The stored document, and
    /// whether this call published it.</summary>
    public async Task<(StoredDocument Document, bool Created)> CloseAsync(Period month, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (month.Year != options.Value.Year)
        {
            throw new ProblemException(new Problem(422, "month.outside_year", $"月报只生成 {options.Value.Year} 年度内的月份",
                $"Only months of the programme year {options.Value.Year} are published."));
        }

        if (month.End > now)
        {
            throw new ProblemException(new Problem(422, "month.not_ended", $"{month} 尚未结束，月末后才能生成月报；当月进展见实时报表",
                $"{month} has not ended yet; see the live progress and its report."));
        }

        var key = month.ToString();
        var created = false;
        if (await store.ReadStoredAsync(key, cancellationToken) is not { } stored)
        {
            created = await store.CreateAsync(key, await progress.ComputeAsync(month, cancellationToken), cancellationToken);
            stored = await store.ReadStoredAsync(key, cancellationToken) ?? throw new InvalidOperationException($"The snapshot {key} was not stored.");
            logger.LogInformation("Progress snapshot {Month} {Outcome}", key, created ? "published" : "already published by another writer");
        }

        return (stored, created);
    }

    /// <summary>For the timer: publishes the month that ended last, if it is in the programme year and not yet
    /// published. Idempotent. False when there was nothing to publish.</summary>
    public async Task<bool> CloseLastMonthAsync(CancellationToken cancellationToken)
    {
        var last = Period.Of(time.GetUtcNow()).Previous;
        return last.Year == options.Value.Year && (await CloseAsync(last, cancellationToken)).Created;
    }

    public async Task<StoredDocument> GetAsync(Period month, CancellationToken cancellationToken) =>
        await store.ReadStoredAsync(month.ToString(), cancellationToken)
        ?? throw new ProblemException(Problem.NotFound("month.not_published", $"{month} 的月报尚未生成", $"No snapshot of {month} is published."));

    public Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken) => store.ListMonthsAsync(cancellationToken);
}
