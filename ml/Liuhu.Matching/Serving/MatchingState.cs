using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Core.Outcomes;
using Liuhu.Core.Storage;
using Liuhu.Matching.Features;
using Liuhu.Matching.Ranking;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Liuhu.Matching.Serving;

/// <summary>What a serving instance keeps in memory: the index of open posts and the promoted model. Both are
/// refreshed when older than their settings allow, and swapped atomically, so requests never see a half-built
/// index and a newly promoted model is picked up without a restart. A stale index keeps serving while a new one
/// is built in the background; only the very first request waits, and it reads the last application counts
/// from a snapshot instead of scanning every outcome.</summary>
public sealed class MatchingState(
    IVacancyStore vacancies,
    IOutcomeStore outcomes,
    ModelRepository models,
    IGraduateStore graduates,
    StorageClients clients,
    TimeProvider time,
    IOptions<MatchingOptions> options,
    ILogger<MatchingState> logger)
{
    private readonly SemaphoreSlim indexLock = new(1, 1);
    private readonly SemaphoreSlim modelLock = new(1, 1);
    private volatile VacancyIndex? index;
    private volatile ModelSlot? model;
    private int rebuilding;
    private readonly SemaphoreSlim poolLock = new(1, 1);
    private volatile CandidatePool? pool;

    /// <summary>Graduates who agreed to be shown to employers, as matching sees them (no personal data).</summary>
    public sealed record CandidatePool(IReadOnlyList<SeekerProfile> Seekers, DateTimeOffset BuiltAt);

    public async Task<CandidatePool> GetCandidatePoolAsync(CancellationToken cancellationToken)
    {
        var current = pool;
        var refresh = TimeSpan.FromSeconds(options.Value.IndexRefreshSeconds);
        if (current is not null && time.GetUtcNow() - current.BuiltAt < refresh)
        {
            return current;
        }

        await poolLock.WaitAsync(cancellationToken);
        try
        {
            current = pool;
            if (current is not null && time.GetUtcNow() - current.BuiltAt < refresh)
            {
                return current;
            }

            var seekers = new List<SeekerProfile>();
            await foreach (var graduate in graduates.ReadAllAsync(withPersonalData: false, cancellationToken))
            {
                if (graduate.Consent.ShareWithEmployers && graduate.Consent.Matching)
                {
                    seekers.Add(new SeekerProfile(graduate, MajorCatalog.Default));
                }
            }

            pool = current = new CandidatePool(seekers, time.GetUtcNow());
            return current;
        }
        finally
        {
            poolLock.Release();
        }
    }

    /// <summary>The promoted models, or the heuristics where there is none. Serving reads only the scorers.</summary>
    public sealed record ModelSlot(string Version, RankingModel? Model, DateTimeOffset CheckedAt, RankingModel? EmployerModel = null)
    {
        /// <summary>Orders posts for a graduate.</summary>
        public IScorer Scorer => (IScorer?)Model ?? HeuristicScorer.ForGraduate;

        /// <summary>Orders graduates for an employer: never the graduate-side model, which reads residency.</summary>
        public IScorer EmployerScorer => (IScorer?)EmployerModel ?? HeuristicScorer.ForEmployer;
    }

    public async Task<VacancyIndex> GetIndexAsync(CancellationToken cancellationToken)
    {
        var current = index;
        var refresh = TimeSpan.FromSeconds(options.Value.IndexRefreshSeconds);
        if (current is not null && time.GetUtcNow() - current.BuiltAt < refresh)
        {
            return current;
        }

        // Stale but present: serve it and rebuild once in the background (a setting of 0 means always fresh).
        if (current is not null && refresh > TimeSpan.Zero)
        {
            if (Interlocked.CompareExchange(ref rebuilding, 1, 0) == 0)
            {
                _ = Task.Run(async () =>
                {
                    try
                    {
                        index = await BuildIndexAsync(useSnapshot: false, CancellationToken.None);
                    }
                    catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException)
                    {
                        logger.LogWarning("Matching index rebuild failed ({Error}); the previous index keeps serving", ex.GetType().Name);
                    }
                    finally
                    {
                        Volatile.Write(ref rebuilding, 0);
                    }
                }, CancellationToken.None);
            }

            return current;
        }

        await indexLock.WaitAsync(cancellationToken);
        try
        {
            current = index;
            if (current is not null && time.GetUtcNow() - current.BuiltAt < refresh)
            {
                return current;
            }

            index = current = await BuildIndexAsync(useSnapshot: current is null && refresh > TimeSpan.Zero, cancellationToken);
            return current;
        }
        finally
        {
            indexLock.Release();
        }
    }

    public async Task<ModelSlot> GetModelAsync(CancellationToken cancellationToken)
    {
        var current = model;
        if (current is not null && time.GetUtcNow() - current.CheckedAt < TimeSpan.FromSeconds(options.Value.ModelRefreshSeconds))
        {
            return current;
        }

        await modelLock.WaitAsync(cancellationToken);
        try
        {
            current = model;
            if (current is not null && time.GetUtcNow() - current.CheckedAt < TimeSpan.FromSeconds(options.Value.ModelRefreshSeconds))
            {
                return current;
            }

            var version = await models.GetCurrentVersionAsync(cancellationToken);
            if (version is null)
            {
                current = new ModelSlot(HeuristicScorer.Version, null, time.GetUtcNow());
            }
            else if (current?.Version == version)
            {
                current = current with { CheckedAt = time.GetUtcNow() };
            }
            else
            {
                var loaded = await models.LoadAsync(version, cancellationToken);
                current = new ModelSlot(loaded is null ? HeuristicScorer.Version : version, loaded?.Model, time.GetUtcNow(), loaded?.EmployerModel);
                logger.LogInformation("Serving model {Version}", current.Version);
            }

            model = current;
            return current;
        }
        finally
        {
            modelLock.Release();
        }
    }

    /// <summary>Forget what is cached (after training, or in tests), so the next request reads storage.</summary>
    public void Invalidate()
    {
        index = null;
        model = null;
        pool = null;
    }

    private async Task<VacancyIndex> BuildIndexAsync(bool useSnapshot, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var snapshot = clients.Container(StorageNames.ModelsContainer).GetBlobClient("post-stats.json");
        var fromSnapshot = useSnapshot ? await ReadSnapshotAsync(snapshot, cancellationToken) : null;

        // The two scans are independent: run them together.
        var outcomesTask = fromSnapshot is not null ? Task.FromResult(new List<Outcome>()) : ReadOutcomesAsync(outcomes, cancellationToken);
        var posts = new List<PostProfile>();
        await foreach (var vacancy in vacancies.ReadAllAsync(cancellationToken))
        {
            if (vacancy.Status == VacancyStatus.Open && (vacancy.ExpiresOn is null || vacancy.ExpiresOn >= today))
            {
                posts.Add(new PostProfile(vacancy, MajorCatalog.Default));
            }
        }

        var stats = fromSnapshot ?? PostStatsAt(await outcomesTask, posts, now);
        foreach (var post in posts)
        {
            var s = stats.GetValueOrDefault(post.Vacancy.VacancyId);
            (post.Applications, post.Hires, post.EmployerEffect, post.PostEffect) = (s.Applications, s.Hires, s.EmployerEffect, s.PostEffect);
        }

        if (fromSnapshot is null)
        {
            await snapshot.UploadAsync(BinaryData.FromObjectAsJson(stats), overwrite: true, cancellationToken);
        }

        // A post with every opening filled leaves the index: showing it to graduates wastes their applications.
        var open = posts.Where(p => p.RemainingOpenings > 0).ToList();
        logger.LogInformation("Matching index built over {Posts} open posts ({Filled} filled left out; counts from {Source})",
            open.Count, posts.Count - open.Count, fromSnapshot is null ? "outcomes" : "the last snapshot");

        // With a promoted model, the candidate stage keeps the posts that model rates highest for each degree level.
        var slot = await GetModelAsync(cancellationToken);

        // Built from a snapshot, the index counts as already due, so the next request refreshes it in the background.
        var builtAt = fromSnapshot is null ? now : DateTimeOffset.MinValue;
        return slot.Model is null ? new VacancyIndex(open, builtAt) : new VacancyIndex(open, builtAt, PostAppeal.ByDegree(open, slot.Model, now));
    }

    /// <summary>Applications, hires and shrunk appeal of each post, as known at <paramref name="at"/>.</summary>
    public static Dictionary<string, PostStats> PostStatsAt(IEnumerable<Outcome> outcomes, IEnumerable<PostProfile> posts, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(posts);
        var list = posts.ToList();
        var employers = list.ToDictionary(p => p.Vacancy.VacancyId, p => p.Vacancy.EmployerCreditCode, StringComparer.Ordinal);
        var timeline = new OutcomeTimeline(outcomes, id => employers.GetValueOrDefault(id));

        // Everything up to now counts for serving: one tick past the moment, as the timeline counts strictly before.
        return list.ToDictionary(p => p.Vacancy.VacancyId, p => timeline.StatsAt(p, at.AddTicks(1)), StringComparer.Ordinal);
    }

    private static async Task<Dictionary<string, PostStats>?> ReadSnapshotAsync(Azure.Storage.Blobs.BlobClient snapshot, CancellationToken cancellationToken)
    {
        try
        {
            return (await snapshot.DownloadContentAsync(cancellationToken)).Value.Content.ToObjectFromJson<Dictionary<string, PostStats>>();
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private static async Task<List<Outcome>> ReadOutcomesAsync(IOutcomeStore outcomes, CancellationToken cancellationToken)
    {
        var all = new List<Outcome>();
        await foreach (var outcome in outcomes.ReadAllAsync(cancellationToken))
        {
            all.Add(outcome);
        }

        return all;
    }
}
