using System.Globalization;
using System.Text;
using Liuhu.Core.Access;
using Liuhu.Core.Catalogues;
using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Core.Outcomes;
using Liuhu.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static Liuhu.Core.Catalogues.Charts;

namespace Liuhu.Core.Programme;

/// <summary>How far the programme is from its goals: graduates employed within the programme year by any route
/// (each counted once, by the first; see <see cref="ProgressCount"/>), by route, cluster, district, university,
/// month and 来呼/回呼/留呼, against the targets in configuration, with the activity indicators.
/// Computing it scans outcomes, records, posts and graduates (seconds at the programme's scale), so readers never do:
/// they get the stored document (<see cref="ProgressStore"/>), rebuilt by <see cref="RefreshAsync"/> on a timer
/// and after changes, kept in memory for a few seconds. Only the very first read, before any build, builds.</summary>
public sealed class ProgressService(
    IOutcomeStore outcomes,
    IEmploymentStore employment,
    IVacancyStore vacancies,
    IGraduateStore graduates,
    TableAccessStore organisations,
    IActivityStore activities,
    IFairActivitySource fairSource,
    ProgressStore store,
    TimeProvider time,
    IOptions<ProgrammeOptions> options,
    IOptions<ProgressOptions> progressOptions,
    ILogger<ProgressService> logger)
{
    private readonly SemaphoreSlim firstBuild = new(1, 1);
    private readonly SemaphoreSlim rebuilding = new(1, 1);
    private volatile Served? served;

    /// <summary>The stored figures: from memory when read within the last few seconds, else one point read.</summary>
    public async Task<Progress> GetAsync(CancellationToken cancellationToken) => (await ServedAsync(cancellationToken)).Progress;

    /// <summary>The page for the stored figures, rendered once per document.</summary>
    public async Task<string> GetPageAsync(CancellationToken cancellationToken) => (await ServedAsync(cancellationToken)).Page;

    /// <summary>Recomputes the figures and stores them unless newer ones are stored already. Idempotent, so safe
    /// for at-least-once queue messages and for timers firing on several instances. One rebuild at a time per
    /// instance: a scan of every post and outcome at a time is all the storage account should serve for figures.</summary>
    public async Task<Progress> RefreshAsync(CancellationToken cancellationToken)
    {
        await rebuilding.WaitAsync(cancellationToken);
        try
        {
            return await RebuildAsync(cancellationToken);
        }
        finally
        {
            rebuilding.Release();
        }
    }

    /// <summary>For a change notice sent at <paramref name="requestedAt"/>: rebuilds unless the stored figures
    /// were taken after it (a rebuild for a later notice, or the timer, already covered the change). Notices that
    /// arrive while a rebuild runs wait for it and then ask again, so however many came, one more rebuild follows
    /// the running one (it starts after all of them were sent, so it counts their changes) and the rest are skipped.</summary>
    public async Task<bool> RefreshForChangeAsync(DateTimeOffset requestedAt, CancellationToken cancellationToken)
    {
        await rebuilding.WaitAsync(cancellationToken);
        try
        {
            if (await store.AsOfAsync(ProgressStore.Current, cancellationToken) is { } asOf && asOf >= requestedAt)
            {
                return false;
            }

            await RebuildAsync(cancellationToken);
            return true;
        }
        finally
        {
            rebuilding.Release();
        }
    }

    /// <summary>How long before the last build a change marker may read and still not need one more rebuild: the
    /// marker is written at most once per debounce window per instance, before the write, and a write may take
    /// a while to land after its mark.</summary>
    public static TimeSpan MarkerSlack(ProgressOptions options) => TimeSpan.FromSeconds(options?.DebounceSeconds ?? 0) + TimeSpan.FromMinutes(2);

    /// <summary>The timer's rebuild, the safety net for a change whose notice was lost. Skipped while one runs on
    /// this instance (it counts every change made before it began; a later one has its notice, or the next tick),
    /// and when the change marker (<see cref="ProgressRefreshQueue.MarkChangingAsync"/>) says nothing changed
    /// since the stored figures were taken, unless they are older than <see cref="ProgressOptions.MaxAgeMinutes"/>
    /// (the figures that depend on the date move on). A quiet system then scans nothing every five minutes.</summary>
    public async Task<bool> RefreshOnScheduleAsync(CancellationToken cancellationToken)
    {
        if (!await rebuilding.WaitAsync(TimeSpan.Zero, cancellationToken))
        {
            logger.LogInformation("Scheduled progress rebuild skipped: one is running on this instance");
            return false;
        }

        try
        {
            var now = time.GetUtcNow();
            var asOf = await store.AsOfAsync(ProgressStore.Current, cancellationToken);
            var changedAt = await store.ChangedAtAsync(cancellationToken);
            if (asOf is { } builtAt && changedAt is { } changed && changed < builtAt - MarkerSlack(progressOptions.Value)
                && now - builtAt < TimeSpan.FromMinutes(progressOptions.Value.MaxAgeMinutes))
            {
                logger.LogInformation("Scheduled progress rebuild skipped: nothing changed since {AsOf:o} (last change {ChangedAt:o})", builtAt, changed);
                return false;
            }

            if (changedAt is null)
            {
                // No marker yet (a deployment from before it): from now on a quiet tick can tell.
                await store.MarkChangedAsync(now, cancellationToken);
            }

            await RebuildAsync(cancellationToken);
            return true;
        }
        finally
        {
            rebuilding.Release();
        }
    }

    private async Task<Progress> RebuildAsync(CancellationToken cancellationToken)
    {
        var progress = await ComputeAsync(cancellationToken);
        var written = await store.WriteIfNewerAsync(ProgressStore.Current, progress, cancellationToken);
        logger.LogInformation("Progress as of {AsOf:o}: {Hired} hired; stored {Written}", progress.AsOf, progress.Hired, written);
        served = null;
        return progress;
    }

    private async Task<Served> ServedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (served is { } cached && now - cached.ReadAt < TimeSpan.FromSeconds(progressOptions.Value.CacheSeconds))
        {
            return cached;
        }

        var progress = await store.ReadAsync(ProgressStore.Current, cancellationToken);
        if (progress is null)
        {
            // Nothing built yet (a new deployment): build once per instance, not once per waiting reader.
            await firstBuild.WaitAsync(cancellationToken);
            try
            {
                progress = await store.ReadAsync(ProgressStore.Current, cancellationToken) ?? await RefreshAsync(cancellationToken);
            }
            finally
            {
                firstBuild.Release();
            }
        }

        var fresh = served is { } previous && previous.Progress.AsOf == progress.AsOf ? previous with { ReadAt = now } : new Served(progress, ProgressPage.Render(progress), now);
        served = fresh;
        return fresh;
    }

    private sealed record Served(Progress Progress, string Page, DateTimeOffset ReadAt);

    /// <summary>Scans outcomes, employment records, posts, graduates, universities and activity figures. The
    /// figures are as of the moment the scan began: a change made before then is in them.</summary>
    public Task<Progress> ComputeAsync(CancellationToken cancellationToken) => ComputeAsync(null, cancellationToken);

    /// <summary>For <paramref name="month"/>, counts only employment dated up to its end and figures entered for it
    /// and the months before (a month's snapshot); for null, everything in the programme year.</summary>
    public async Task<Progress> ComputeAsync(Period? month, CancellationToken cancellationToken)
    {
        var asOf = time.GetUtcNow();
        var hires = new List<Outcome>();
        await foreach (var outcome in outcomes.ReadAllAsync(cancellationToken))
        {
            if (outcome.Event == OutcomeEvent.Hired)
            {
                hires.Add(outcome);
            }
        }

        var records = await employment.ReadAllAsync(cancellationToken).ToListAsync(cancellationToken);
        var posts = new Dictionary<string, Vacancy>(StringComparer.Ordinal);
        await foreach (var vacancy in vacancies.ReadAllAsync(cancellationToken))
        {
            posts[vacancy.VacancyId] = vacancy;
        }

        var facts = new Dictionary<string, GraduateFacts>(StringComparer.Ordinal);
        await foreach (var graduate in graduates.ReadAllAsync(withPersonalData: false, cancellationToken))
        {
            facts[graduate.GraduateId] = new GraduateFacts(graduate.Residency, graduate.LeftSchoolUnemployed, graduate.University);
        }

        var universities = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var university in organisations.ListOrganisationsAsync(OrganisationKind.University, cancellationToken))
        {
            universities[university.Code] = university.Name;
        }

        var figures = await activities.ReadAllAsync(cancellationToken).ToListAsync(cancellationToken);
        var o = options.Value;
        var fairs = await fairSource.ReadAsync(o.Year, month?.End ?? asOf, cancellationToken);
        return ProgressCount.Compute(new ProgressInputs(hires, records, posts, facts, universities, figures, fairs), o, asOf, month);
    }
}
