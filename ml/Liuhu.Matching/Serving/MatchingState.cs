using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Core.Outcomes;
using Liuhu.Core.Storage;
using Liuhu.Matching.Features;
using Liuhu.Matching.Ranking;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Liuhu.Matching.Serving;

/// <summary>What a serving instance keeps in memory: the index of open posts, the promoted model and the pool of
/// consenting graduates. Each is refreshed when older than its setting allows, in the background, and swapped
/// atomically: a request never waits on a refresh or sees a half-built index, and a newly promoted model is
/// picked up without a restart. Only an instance's very first request waits, and it loads the last index
/// snapshot (<see cref="IndexSnapshot"/>) and the posts changed since, instead of scanning every post and outcome.</summary>
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
    private readonly RefreshFlag rebuilding = new();
    private readonly RefreshFlag modelChecking = new();
    private readonly RefreshFlag poolRefreshing = new();
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

        if (current is not null && refresh > TimeSpan.Zero)
        {
            InBackground(poolRefreshing, async () =>
            {
                await poolLock.WaitAsync();
                try
                {
                    pool = await ReadPoolAsync(CancellationToken.None);
                }
                finally
                {
                    poolLock.Release();
                }
            }, "candidate pool");
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

            pool = current = await ReadPoolAsync(cancellationToken);
            return current;
        }
        finally
        {
            poolLock.Release();
        }
    }

    private async Task<CandidatePool> ReadPoolAsync(CancellationToken cancellationToken)
    {
        var seekers = new List<SeekerProfile>();
        await foreach (var graduate in graduates.ReadAllAsync(withPersonalData: false, cancellationToken))
        {
            if (graduate.Consent.ShareWithEmployers && graduate.Consent.Matching)
            {
                seekers.Add(new SeekerProfile(graduate, MajorCatalog.Default));
            }
        }

        return new CandidatePool(seekers, time.GetUtcNow());
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
            InBackground(rebuilding, async () => index = await BuildIndexAsync(useSnapshot: false, CancellationToken.None), "matching index");
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
        var refresh = TimeSpan.FromSeconds(options.Value.ModelRefreshSeconds);
        if (current is not null && time.GetUtcNow() - current.CheckedAt < refresh)
        {
            return current;
        }

        // Due for a check: the model in hand keeps serving while the pointer is read (and a new model loaded) behind.
        if (current is not null && refresh > TimeSpan.Zero)
        {
            InBackground(modelChecking, () => CheckModelAsync(refresh, CancellationToken.None), "model");
            return current;
        }

        return await CheckModelAsync(refresh, cancellationToken);
    }

    private async Task<ModelSlot> CheckModelAsync(TimeSpan refresh, CancellationToken cancellationToken)
    {
        await modelLock.WaitAsync(cancellationToken);
        try
        {
            var current = model;
            if (current is not null && time.GetUtcNow() - current.CheckedAt < refresh)
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

    /// <summary>Runs one refresh of a kind at a time off the request path; a failure leaves the previous value serving.</summary>
    private void InBackground(RefreshFlag running, Func<Task> refresh, string what)
    {
        if (Interlocked.CompareExchange(ref running.Value, 1, 0) != 0)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await refresh();
            }
            catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or InvalidOperationException)
            {
                logger.LogWarning("Refresh of the {What} failed ({Error}); the previous one keeps serving", what, ex.GetType().Name);
            }
            finally
            {
                Volatile.Write(ref running.Value, 0);
            }
        }, CancellationToken.None);
    }

    /// <summary>Set while a refresh of one kind runs, so that at most one runs at a time.</summary>
    private sealed class RefreshFlag
    {
        public int Value;
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
        var snapshotBlob = clients.Container(StorageNames.ModelsContainer).GetBlobClient(IndexSnapshot.BlobName);
        if (useSnapshot && await LoadSnapshotAsync(snapshotBlob, cancellationToken) is { } loaded)
        {
            return loaded;
        }

        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);

        // The two scans are independent: run them together.
        var outcomesTask = ReadOutcomesAsync(outcomes, cancellationToken);
        var posts = new List<PostProfile>();
        await foreach (var vacancy in vacancies.ReadAllAsync(cancellationToken))
        {
            if (IsOpen(vacancy, today))
            {
                posts.Add(new PostProfile(vacancy, MajorCatalog.Default));
            }
        }

        var stats = PostStatsAt(await outcomesTask, posts, now);
        foreach (var post in posts)
        {
            var s = stats.GetValueOrDefault(post.Vacancy.VacancyId);
            (post.Applications, post.Hires, post.EmployerEffect, post.PostEffect) = (s.Applications, s.Hires, s.EmployerEffect, s.PostEffect);
        }

        // A post with every opening filled leaves the index: showing it to graduates wastes their applications.
        var open = posts.Where(p => p.RemainingOpenings > 0).ToList();
        logger.LogInformation("Matching index built over {Posts} open posts ({Filled} filled left out)", open.Count, posts.Count - open.Count);

        // With a promoted model, the candidate stage keeps the posts that model rates highest for each degree level.
        var slot = await GetModelAsync(cancellationToken);

        // A snapshot keeps one rating per post (the 本科 any-major one), so an index loaded from it orders the appeal
        // half without levels until the background rebuild that loading starts replaces it.
        var index = slot.Model is null ? new VacancyIndex(open, now) : new VacancyIndex(open, now, PostAppeal.ByDegree(open, slot.Model, now));
        await WriteSnapshotAsync(snapshotBlob, index, slot.Version, cancellationToken);
        return index;
    }

    private static bool IsOpen(Vacancy vacancy, DateOnly today) =>
        vacancy.Status == VacancyStatus.Open && (vacancy.ExpiresOn is null || vacancy.ExpiresOn >= today);

    private async Task WriteSnapshotAsync(Azure.Storage.Blobs.BlobClient blob, VacancyIndex index, string modelVersion, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        IndexSnapshot.Write(buffer, index, modelVersion);
        buffer.Position = 0;
        await blob.UploadAsync(buffer, overwrite: true, cancellationToken);
    }

    /// <summary>The last snapshot, caught up with the posts written since it was taken (a few minutes' overlap for
    /// clocks), or null when there is none or it cannot be read (then the caller scans). Counts are the
    /// snapshot's: the index counts as already due, so the next request refreshes it from the tables behind.</summary>
    private async Task<VacancyIndex?> LoadSnapshotAsync(Azure.Storage.Blobs.BlobClient blob, CancellationToken cancellationToken)
    {
        LoadedIndexSnapshot snapshot;
        try
        {
            var content = await blob.DownloadContentAsync(cancellationToken);
            using var stream = content.Value.Content.ToStream();
            snapshot = IndexSnapshot.Read(stream, MajorCatalog.Default);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
        catch (InvalidDataException ex)
        {
            logger.LogWarning("Index snapshot not used ({Reason}); scanning the tables instead", ex.Message);
            return null;
        }

        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var slot = await GetModelAsync(cancellationToken);
        var sameModel = snapshot.ModelVersion == slot.Version;
        var posts = new Dictionary<string, (PostProfile Post, float? Appeal)>(StringComparer.Ordinal);
        for (var i = 0; i < snapshot.Posts.Count; i++)
        {
            posts[snapshot.Posts[i].Vacancy.VacancyId] = (snapshot.Posts[i], sameModel ? snapshot.Appeal[i] : null);
        }

        var changed = 0;
        await foreach (var vacancy in vacancies.ReadChangedSinceAsync(snapshot.BuiltAt - SnapshotClockSkew, cancellationToken))
        {
            changed++;
            var known = posts.Remove(vacancy.VacancyId, out var before);
            if (IsOpen(vacancy, today))
            {
                var post = new PostProfile(vacancy, MajorCatalog.Default);
                if (known)
                {
                    (post.Applications, post.Hires, post.EmployerEffect, post.PostEffect) = (before.Post.Applications, before.Post.Hires, before.Post.EmployerEffect, before.Post.PostEffect);
                }

                posts[vacancy.VacancyId] = (post, null);
            }
        }

        var open = posts.Values.Where(p => IsOpen(p.Post.Vacancy, today) && p.Post.RemainingOpenings > 0).OrderBy(p => p.Post.Vacancy.VacancyId, StringComparer.Ordinal).ToList();
        float[]? appeal = null;
        if (slot.Model is not null)
        {
            // Only posts new or changed since the snapshot (or all, under another model) are rated again.
            var unrated = open.Where(p => p.Appeal is null).Select(p => p.Post).ToList();
            var rated = PostAppeal.Of(unrated, slot.Model, now);
            var next = 0;
            appeal = open.Select(p => p.Appeal ?? rated[next++]).ToArray();
        }

        logger.LogInformation("Matching index loaded from the snapshot of {BuiltAt} over {Posts} open posts ({Changed} posts changed since)", snapshot.BuiltAt, open.Count, changed);
        return new VacancyIndex([.. open.Select(p => p.Post)], DateTimeOffset.MinValue, appeal);
    }

    /// <summary>How far before the snapshot's time changes are read again, for clocks that disagree.</summary>
    private static readonly TimeSpan SnapshotClockSkew = TimeSpan.FromMinutes(5);

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
