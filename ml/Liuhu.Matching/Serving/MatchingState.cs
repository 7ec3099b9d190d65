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
/// picked up without a restart. The index's refresh reads only the posts written since the last one and rebuilds
/// nothing when none were; every <see cref="MatchingOptions.FullRebuildSeconds"/> (or under a new model) it is
/// built again from every post and outcome, and a snapshot (<see cref="IndexSnapshot"/>) is written whenever it
/// changed. Only an instance's very first request waits, and it loads that snapshot and the posts written since,
/// instead of scanning every post and outcome.</summary>
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
    private volatile IndexState? indexState;
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

    /// <summary>The index and what its freshness is judged by: when the posts changed since were last looked for,
    /// from when the next look reads changes, and when the application counts were last read from the outcomes.</summary>
    private sealed record IndexState(VacancyIndex Index, string ModelVersion, DateTimeOffset CheckedAt, DateTimeOffset ChangesFrom, DateTimeOffset CountsAt);

    /// <summary>The posts and ratings an index is built from.</summary>
    private sealed record IndexContent(IReadOnlyList<PostProfile> Posts, IReadOnlyDictionary<Degree, LevelAppeal>? Appeal, string ModelVersion)
    {
        public VacancyIndex Build(DateTimeOffset at) => Appeal is { } levels ? new VacancyIndex(Posts, at, levels) : new VacancyIndex(Posts, at);
    }

    public async Task<VacancyIndex> GetIndexAsync(CancellationToken cancellationToken)
    {
        var current = indexState;
        var refresh = TimeSpan.FromSeconds(options.Value.IndexRefreshSeconds);
        if (current is not null && time.GetUtcNow() - current.CheckedAt < refresh)
        {
            return current.Index;
        }

        // Due but present: serve it and catch up once in the background (a setting of 0 means always fresh).
        if (current is not null && refresh > TimeSpan.Zero)
        {
            InBackground(rebuilding, () => RefreshIndexAsync(CancellationToken.None), "matching index");
            return current.Index;
        }

        await indexLock.WaitAsync(cancellationToken);
        try
        {
            current = indexState;
            if (current is not null && time.GetUtcNow() - current.CheckedAt < refresh)
            {
                return current.Index;
            }

            indexState = current = (current is null && refresh > TimeSpan.Zero && options.Value.LoadIndexSnapshot ? await LoadSnapshotAsync(cancellationToken) : null)
                ?? await BuildFullAsync(cancellationToken);
            PrepareInBackground(current.Index);
            return current.Index;
        }
        finally
        {
            indexLock.Release();
        }
    }

    /// <summary>Off the request path: the posts changed since the last look, applied to the index in hand (nothing is
    /// rebuilt when none changed), or, when the counts are older than <see cref="MatchingOptions.FullRebuildSeconds"/>
    /// or another model serves, the whole index from the tables.</summary>
    private async Task RefreshIndexAsync(CancellationToken cancellationToken)
    {
        await indexLock.WaitAsync(cancellationToken);
        try
        {
            if (indexState is not { } current)
            {
                return; // invalidated meanwhile: the next request builds it
            }

            // Swapped only if nothing replaced the index meanwhile (an invalidation after training must not be undone).
            var slot = await GetModelAsync(cancellationToken);
            if (time.GetUtcNow() - current.CountsAt >= TimeSpan.FromSeconds(options.Value.FullRebuildSeconds) || slot.Version != current.ModelVersion)
            {
                var built = await BuildFullAsync(cancellationToken);
                Prepare(built.Index);
                Interlocked.CompareExchange(ref indexState, built, current);
                return;
            }

            var (content, changed, readFrom) = await CatchUpAsync(new IndexContent(current.Index.Posts, current.Index.AppealByDegree, current.ModelVersion), current.ChangesFrom, slot, cancellationToken);
            if (!changed)
            {
                Interlocked.CompareExchange(ref indexState, current with { CheckedAt = time.GetUtcNow(), ChangesFrom = readFrom }, current);
                return;
            }

            var next = new IndexState(content.Build(readFrom), content.ModelVersion, time.GetUtcNow(), readFrom, current.CountsAt);
            Prepare(next.Index);
            if (Interlocked.CompareExchange(ref indexState, next, current) == current)
            {
                await WriteSnapshotAsync(next, cancellationToken);
            }
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
        indexState = null;
        model = null;
        pool = null;
    }

    private Azure.Storage.Blobs.BlobClient SnapshotBlob => clients.Container(StorageNames.ModelsContainer).GetBlobClient(IndexSnapshot.BlobName);

    /// <summary>Every open post from the tables, with its counts from every outcome, rated by the serving model.</summary>
    private async Task<IndexState> BuildFullAsync(CancellationToken cancellationToken)
    {
        // Changes from this moment on are caught up by the next refresh.
        var started = time.GetTimestamp();
        var readFrom = time.GetUtcNow();
        var today = DateOnly.FromDateTime(readFrom.UtcDateTime);

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

        var now = time.GetUtcNow();
        var stats = PostStatsAt(await outcomesTask, posts, now);
        foreach (var post in posts)
        {
            var s = stats.GetValueOrDefault(post.Vacancy.VacancyId);
            (post.Applications, post.Hires, post.EmployerEffect, post.PostEffect) = (s.Applications, s.Hires, s.EmployerEffect, s.PostEffect);
        }

        // A post with every opening filled leaves the index: showing it to graduates wastes their applications.
        var open = posts.Where(p => p.RemainingOpenings > 0).OrderBy(p => p.Vacancy.VacancyId, StringComparer.Ordinal).ToList();

        // With a promoted model, the candidate stage keeps the posts that model rates highest for each degree level.
        var slot = await GetModelAsync(cancellationToken);
        var content = new IndexContent(open, slot.Model is null ? null : PostAppeal.ByDegree(open, slot.Model, now), slot.Version);
        var state = new IndexState(content.Build(readFrom), slot.Version, now, readFrom, now);
        await WriteSnapshotAsync(state, cancellationToken);
        logger.LogInformation("Matching index built over {Posts} open posts ({Filled} filled left out) in {Milliseconds:0} ms, snapshot written",
            open.Count, posts.Count - open.Count, time.GetElapsedTime(started).TotalMilliseconds);
        return state;
    }

    private static bool IsOpen(Vacancy vacancy, DateOnly today) =>
        vacancy.Status == VacancyStatus.Open && (vacancy.ExpiresOn is null || vacancy.ExpiresOn >= today);

    /// <summary>The posts written since <paramref name="changesFrom"/> (less a few minutes for clocks) applied to
    /// <paramref name="content"/>: added and changed posts profiled (keeping the counts they had), closed, filled and
    /// expired ones dropped, and only the new profiles rated, unless another model serves. Returns whether anything
    /// changed and the moment the next catch-up reads from.</summary>
    private async Task<(IndexContent Content, bool Changed, DateTimeOffset ReadFrom)> CatchUpAsync(IndexContent content, DateTimeOffset changesFrom, ModelSlot slot, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var readFrom = time.GetUtcNow();
        var today = DateOnly.FromDateTime(readFrom.UtcDateTime);
        var at = new Dictionary<string, int>(content.Posts.Count, StringComparer.Ordinal);
        for (var i = 0; i < content.Posts.Count; i++)
        {
            at[IdOf(content.Posts, i)] = i;
        }

        var written = new Dictionary<string, Vacancy>(StringComparer.Ordinal);
        await foreach (var vacancy in vacancies.ReadChangedSinceAsync(changesFrom - ChangeClockSkew, cancellationToken))
        {
            // The overlap reads recent writes again: a post as the index already holds it is no change.
            if (at.TryGetValue(vacancy.VacancyId, out var i) ? !SameContent(content.Posts[i].Vacancy, vacancy) : IsOpen(vacancy, today))
            {
                written[vacancy.VacancyId] = vacancy;
            }
        }

        var rated = slot.Model is null ? content.Appeal is null : content.ModelVersion == slot.Version;
        var kept = Enumerable.Range(0, content.Posts.Count)
            .Where(i => !written.ContainsKey(IdOf(content.Posts, i)) && IsOpen(content.Posts, i, today))
            .ToList();
        if (written.Count == 0 && kept.Count == content.Posts.Count && rated)
        {
            logger.LogDebug("Matching index: no post written since {Since} ({Milliseconds:0} ms)", changesFrom, time.GetElapsedTime(started).TotalMilliseconds);
            return (content, false, readFrom);
        }

        var added = written.Values.Where(v => IsOpen(v, today)).Select(v =>
        {
            var post = new PostProfile(v, MajorCatalog.Default);
            if (at.TryGetValue(v.VacancyId, out var i))
            {
                var before = content.Posts[i];
                (post.Applications, post.Hires, post.EmployerEffect, post.PostEffect) = (before.Applications, before.Hires, before.EmployerEffect, before.PostEffect);
            }

            return post;
        }).Where(p => p.RemainingOpenings > 0).ToList();

        // Kept posts by their old place, added ones after; then one order by id, as a full build has.
        var order = kept.Select(i => (Post: content.Posts[i], Old: i, New: -1))
            .Concat(added.Select((p, j) => (Post: p, Old: -1, New: j)))
            .OrderBy(x => x.Post.Vacancy.VacancyId, StringComparer.Ordinal)
            .ToList();
        IReadOnlyDictionary<Degree, LevelAppeal>? appeal = null;
        if (slot.Model is { } model)
        {
            // Only the posts new or changed (or all, under another model) are rated again.
            var now = time.GetUtcNow();
            var reuse = content.ModelVersion == slot.Version && content.Appeal is not null;
            var fresh = PostAppeal.ByDegree(reuse ? added : [.. order.Select(x => x.Post)], model, now);
            var positions = order.Select((x, k) => reuse ? (x.Old, x.New) : (-1, k)).ToList();
            appeal = fresh.ToDictionary(level => level.Key, level => level.Value.Rearranged(reuse ? content.Appeal![level.Key] : null, positions));
        }

        logger.LogInformation("Matching index caught up: {Written} posts written since {Since}, {Posts} open posts now ({Milliseconds:0} ms)",
            written.Count, changesFrom, order.Count, time.GetElapsedTime(started).TotalMilliseconds);
        return (new IndexContent([.. order.Select(x => x.Post)], appeal, slot.Version), true, readFrom);
    }

    /// <summary>A post's id, without decoding it when the posts are a snapshot's (catch-up reads every post's).</summary>
    private static string IdOf(IReadOnlyList<PostProfile> posts, int i) =>
        posts is IndexSnapshot.StoredPosts stored ? stored.VacancyId(i) : posts[i].Vacancy.VacancyId;

    private static bool IsOpen(IReadOnlyList<PostProfile> posts, int i, DateOnly today) =>
        posts is IndexSnapshot.StoredPosts stored ? stored.IsOpen(i, today) : IsOpen(posts[i].Vacancy, today);

    /// <summary>Whether a post read again is the one the index holds (lists by their items, the rest as the record compares).</summary>
    private static bool SameContent(Vacancy held, Vacancy read) =>
        held.Majors.SequenceEqual(read.Majors) && held.Skills.SequenceEqual(read.Skills) && held.Benefits.SequenceEqual(read.Benefits)
        && held.EmployerTags.SequenceEqual(read.EmployerTags) && held.FairIds.SequenceEqual(read.FairIds)
        && held with { Majors = read.Majors, Skills = read.Skills, Benefits = read.Benefits, EmployerTags = read.EmployerTags, FairIds = read.FairIds } == read;

    /// <summary>Writes the index for new instances; a failure costs them only a scan, so it is logged, not thrown.</summary>
    private async Task WriteSnapshotAsync(IndexState state, CancellationToken cancellationToken)
    {
        try
        {
            using var buffer = new MemoryStream();
            IndexSnapshot.Write(buffer, state.Index, state.ModelVersion, state.CountsAt);
            buffer.Position = 0;
            await SnapshotBlob.UploadAsync(buffer, overwrite: true, cancellationToken);
        }
        catch (Azure.RequestFailedException ex)
        {
            logger.LogWarning("Index snapshot not written ({Status}); new instances scan the tables until the next one", ex.Status);
        }
    }

    /// <summary>The last snapshot, caught up with the posts written since it was taken, or null when there is none
    /// or it cannot be read (then the caller scans). Its counts stay until they are older than
    /// <see cref="MatchingOptions.FullRebuildSeconds"/>; a new instance writes no snapshot of its own.</summary>
    private async Task<IndexState?> LoadSnapshotAsync(CancellationToken cancellationToken)
    {
        LoadedIndexSnapshot snapshot;
        try
        {
            var content = await SnapshotBlob.DownloadContentAsync(cancellationToken);
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

        var slot = await GetModelAsync(cancellationToken);
        var (caughtUp, changed, readFrom) = await CatchUpAsync(new IndexContent(snapshot.Posts, snapshot.AppealByDegree, snapshot.ModelVersion), snapshot.BuiltAt, slot, cancellationToken);
        logger.LogInformation("Matching index loaded from the snapshot of {BuiltAt} over {Posts} open posts ({Changed})", snapshot.BuiltAt, caughtUp.Posts.Count, changed ? "caught up" : "unchanged since");

        // Unchanged since: the stored lists and orders serve as they are, and only the posts the first answers read
        // are profiled; the rest are profiled behind them. Changed: the index is derived again from the posts.
        VacancyIndex index;
        try
        {
            index = changed ? caughtUp.Build(readFrom) : snapshot.ToIndex(readFrom);
        }
        catch (InvalidDataException ex)
        {
            logger.LogWarning("Index snapshot not used ({Reason}); scanning the tables instead", ex.Message);
            return null;
        }

        return new IndexState(index, caughtUp.ModelVersion, time.GetUtcNow(), readFrom, snapshot.CountsAt);
    }

    /// <summary>What a new index leaves to its first reads (<see cref="VacancyIndex.PrepareAll"/>), derived behind the
    /// answer that waited for the index; the requests meanwhile derive what they read themselves (once: both keep
    /// the same result).</summary>
    private void PrepareInBackground(VacancyIndex index) => _ = Task.Run(() => Prepare(index), CancellationToken.None);

    /// <summary>Derives now what an index leaves to its first reads: before a refreshed index is swapped in, so that
    /// no request after the swap pays for it.</summary>
    private void Prepare(VacancyIndex index)
    {
        var started = time.GetTimestamp();
        try
        {
            index.PrepareAll();
            logger.LogInformation("Matching index: {Posts} posts profiled and profile-cell orders sorted in {Milliseconds:0} ms", index.Posts.Count, time.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (InvalidDataException ex)
        {
            logger.LogWarning("Matching index: a post of the snapshot could not be profiled ({Reason}); it is read again when asked for", ex.Message);
        }
    }

    /// <summary>How far before the last look changes are read again, for clocks that disagree.</summary>
    private static readonly TimeSpan ChangeClockSkew = TimeSpan.FromMinutes(5);

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
