using System.Diagnostics;
using Liuhu.Core.Domain;
using Liuhu.Matching.Features;
using Liuhu.Matching.Ranking;
using Liuhu.Matching.Serving;

namespace Liuhu.Ml.Cli;

/// <summary><c>liuhu-ml bench serve</c>: the serving figures of issue 14, each with the ratio measured in the same
/// run: per-candidate cost of the served path against a bare walk of the same trees over the same rows, match
/// latency in process, and a new instance's time to its first answer with and without an index snapshot.</summary>
public static class ServeBench
{
    private static readonly DateTimeOffset Now = new(2024, 6, 1, 0, 0, 0, TimeSpan.FromHours(8));

    /// <summary>Where the timed loops' results go, so that none is optimised away.</summary>
    public static float Sink { get; private set; }

    public static int Run(CliOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var postsCount = options.Int("posts", 100_000);
        var setup = Stopwatch.StartNew();
        var simulator = new MarketSimulator(options.Int("seed", 1));
        var market = simulator.Generate(postsCount, options.Int("graduates", 20_000), Now, new ProgressBar("generating market"));
        var generated = setup.Elapsed;

        // The model is trained on outcomes simulated over a share of the posts: the simulator shows each graduate
        // the open posts one at a time, which over every post of a large market takes most of an hour. Scoring
        // cost depends on the trees (their number and leaves), not on how many posts they were learnt from.
        var trainingPosts = Math.Min(postsCount, options.Int("train-posts", 20_000));
        var snapshot = VacancyIndexSnapshot.Build(market.Vacancies.Take(trainingPosts), Now);
        var trainingMarket = market with { Graduates = market.Graduates.Take(options.Int("train-graduates", 4_000)).ToList() };
        var outcomes = simulator.Outcomes(trainingMarket, snapshot, Now, progress: new ProgressBar("simulating outcomes"));
        var set = TrainingData.Build(outcomes, trainingMarket.Graduates.ToDictionary(g => g.GraduateId, StringComparer.Ordinal),
            snapshot.Index.Posts.ToDictionary(p => p.Vacancy.VacancyId, StringComparer.Ordinal), Now, simulator.Positions, heldOutShare: 0.01, maxHeldOut: 0);
        var trained = RankingModel.Train(TrainingData.Rows(set.Training), PairFeatures.Schema);
        var simulated = setup.Elapsed;
        using var modelFile = new MemoryStream();
        trained.Save(modelFile);
        var modelBytes = modelFile.ToArray();
        var model = RankingModel.Load(new MemoryStream(modelBytes), PairFeatures.Schema, "bench");
        var flat = model.Flat ?? throw new InvalidOperationException("The trained model has no flat trees.");

        // Served: every post, those the simulation showed with the applications and hires it gave them.
        var counts = snapshot.Index.Posts.ToDictionary(p => p.Vacancy.VacancyId, StringComparer.Ordinal);
        var posts = market.Vacancies.Select(v => new PostProfile(v, MajorCatalog.Default)).ToList();
        foreach (var post in posts)
        {
            if (counts.TryGetValue(post.Vacancy.VacancyId, out var seen))
            {
                (post.Applications, post.Hires, post.EmployerEffect, post.PostEffect) = (seen.Applications, seen.Hires, seen.EmployerEffect, seen.PostEffect);
            }
        }

        var appeal = PostAppeal.ByDegree(posts, model, Now);
        var index = new VacancyIndex(posts, Now, appeal);
        Console.WriteLine($"market: {index.Posts.Count:N0} open posts; model: {flat.TreeCount} trees trained on {set.Training.Count:N0} pairs from {trainingPosts:N0} posts; "
            + $"setup: market {generated.TotalSeconds:0} s, outcomes and training {(simulated - generated).TotalSeconds:0} s, index {(setup.Elapsed - simulated).TotalSeconds:0} s; load average {Machine.LoadAverage()}");

        var random = new Random(3);
        var seekers = Enumerable.Range(0, options.Int("queries", 1_000))
            .Select(_ => new SeekerProfile(market.Graduates[random.Next(market.Graduates.Count)], MajorCatalog.Default)).ToList();
        var limit = options.Int("candidates", new MatchingOptions().CandidateLimit);
        // The same index twice: once as a request finds it when nothing ran behind the build (each profile cell's
        // order sorted by the first request that reads it), once prepared as serving prepares it before the swap.
        FirstCandidates("cell orders sorted on first read", new VacancyIndex(posts, Now, appeal), seekers, limit);
        var preparing = Stopwatch.StartNew();
        index.PrepareAll();
        Console.WriteLine($"index prepared (each profile cell's orders sorted) in {preparing.Elapsed.TotalMilliseconds:0} ms, off the request path");
        FirstCandidates("prepared", index, seekers, limit);
        PerCandidate(index, model, seekers, limit);
        Latency(index, model, seekers, limit);
        if (options.Int("new-instance", 1) != 0)
        {
            NewInstance(market.Vacancies, index, modelBytes, seekers[0], limit);
        }
        return 0;
    }

    /// <summary>The candidate stage over a fresh index, each graduate once: what the first requests an index serves
    /// pay (work an index leaves to its first reads shows here, not in the later passes).</summary>
    private static void FirstCandidates(string what, VacancyIndex index, List<SeekerProfile> seekers, int limit)
    {
        var times = new double[seekers.Count];
        for (var q = 0; q < seekers.Count; q++)
        {
            var started = Stopwatch.GetTimestamp();
            _ = index.Candidates(seekers[q], limit);
            times[q] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        var slowest = Enumerable.Range(0, times.Length).OrderByDescending(q => times[q]).Take(4).Select(q => $"#{q} {times[q]:0.00} ms").ToList();
        Array.Sort(times);
        Console.WriteLine($"candidate stage, first pass over a fresh index ({what}): p50 {times[times.Length / 2]:0.00} ms, p99 {times[(int)(times.Length * 0.99)]:0.00} ms, "
            + $"max {times[^1]:0.00} ms, total {times.Sum():0} ms; slowest {string.Join(", ", slowest)}");
    }

    /// <summary>The served scoring path (each candidate's features written over its precomputed parts, the flat
    /// trees, the exposure re-ranking, the top 20 picked: what a request runs between the candidate stage and the
    /// explanation) against the bare walk of every tree over the same feature rows, computed beforehand, a row at a
    /// time (the goal's baseline) and in blocks as the served path walks them. To show where the served path's time
    /// goes, the same steps cumulatively: the graduate's parts, the features written, the trees walked, then
    /// re-ranking and picking. Each graduate's time in each is the fastest of several interleaved rounds, as others
    /// share the machine; the rows of the served path are written only where the trees read them, as served.</summary>
    private static void PerCandidate(VacancyIndex index, RankingModel model, List<SeekerProfile> seekers, int limit)
    {
        var candidates = seekers.Select(s => index.Candidates(s, limit).Where(p => p.RemainingOpenings > 0).ToList()).ToList();
        var rows = seekers.Select((s, q) => candidates[q].Select(p => PairFeatures.Evaluate(s, p, Now).Features.Values).ToList()).ToList();
        var blocks = rows.Select(r => r.SelectMany(v => v).ToArray()).ToList();
        var count = rows.Sum(r => r.Count);
        var flat = model.Flat!;
        var split = Enumerable.Range(0, flat.TreeCount).Select(flat.SplitFeatures).ToList();
        Console.WriteLine($"trees by what they read: {split.Count(f => f.IsSubsetOf(PairFeatures.PostOnly))} post-only features (could be summed once per post), "
            + $"{split.Count(f => f.IsSubsetOf(PairFeatures.SeekerOnly))} graduate-only (once per request), the other {split.Count(f => !f.IsSubsetOf(PairFeatures.PostOnly) && !f.IsSubsetOf(PairFeatures.SeekerOnly))} of {flat.TreeCount} both");
        var used = split.SelectMany(f => f).ToHashSet();
        Console.WriteLine($"features split on: {used.Count} of {PairFeatures.Count}; not split on: {string.Join(", ", PairFeatures.Schema.Features.Where(f => !used.Contains(f.Index)).Select(f => f.Name))}");
        var width = PairFeatures.Count;
        const int block = 32; // as the ranker walks them
        var row = new float[width];
        var totals = new double[block];
        var blockScores = new float[block];
        var (wide, wideTotals, wideScores) = (new float[width * Math.Max(1, candidates.Max(c => c.Count))], new double[64], new float[64]);
        var sink = 0f;
        // Each graduate's candidates are timed on their own and the fastest of the rounds kept per graduate: on a
        // shared machine a whole round is interrupted many times, one graduate's ~0.3 ms seldom in every round.
        var fastest = new Dictionary<string, double[]>();
        void Time(string phase, Action<int> run)
        {
            var times = fastest.TryGetValue(phase, out var kept) ? kept : fastest[phase] = Enumerable.Repeat(double.MaxValue, seekers.Count).ToArray();
            for (var q = 0; q < seekers.Count; q++)
            {
                var started = Stopwatch.GetTimestamp();
                run(q);
                times[q] = Math.Min(times[q], Stopwatch.GetElapsedTime(started).TotalNanoseconds);
            }
        }

        var (allocated, collections) = (0L, 0);
        for (var round = 0; round < 7; round++) // the first rounds warm up (tiered compilation)
        {
            Time("walk", q =>
            {
                foreach (var values in rows[q])
                {
                    sink += flat.Score(values);
                }
            });
            Time("walk in blocks", q =>
            {
                var query = blocks[q];
                for (var start = 0; start * width < query.Length; start += block)
                {
                    var n = Math.Min(block, (query.Length / width) - start);
                    flat.ScoreBlock(query.AsSpan(start * width, n * width), width, n, totals, blockScores);
                    sink += blockScores[0];
                }
            });
            Time("parts", q => sink += SeekerFeatureParts.ForOneRequest(seekers[q]).GetHashCode());
            Time("features", q =>
            {
                var parts = SeekerFeatureParts.ForOneRequest(seekers[q]);
                foreach (var post in candidates[q])
                {
                    PairFeatures.Write(parts, post, Now, post.Live, row.AsSpan(0, width), flat.Reads);
                    sink += row[0];
                }
            });
            // Each row written twice in a row: the second time the post's parts are in cache, so this less "features"
            // is what writing costs without waiting on memory, and the rest of "features" is the wait.
            Time("features twice", q =>
            {
                var parts = SeekerFeatureParts.ForOneRequest(seekers[q]);
                foreach (var post in candidates[q])
                {
                    PairFeatures.Write(parts, post, Now, post.Live, row.AsSpan(0, width), flat.Reads);
                    PairFeatures.Write(parts, post, Now, post.Live, row.AsSpan(0, width), flat.Reads);
                    sink += row[0];
                }
            });
            foreach (var size in new[] { block, 16, 64 })
            {
                Time(size == block ? "scored" : $"scored {size}", q =>
                {
                    // As served: every candidate's row written first, then the trees walked over them in blocks.
                    var parts = SeekerFeatureParts.ForOneRequest(seekers[q]);
                    var posts = candidates[q];
                    for (var r = 0; r < posts.Count; r++)
                    {
                        PairFeatures.Write(parts, posts[r], Now, posts[r].Live, wide.AsSpan(r * width, width), flat.Reads);
                    }

                    for (var start = 0; start < posts.Count; start += size)
                    {
                        var n = Math.Min(size, posts.Count - start);
                        flat.ScoreBlock(wide.AsSpan(start * width, n * width), width, n, wideTotals, wideScores);
                        sink += wideScores[0];
                    }
                });
            }

            (allocated, collections) = (GC.GetAllocatedBytesForCurrentThread(), GC.CollectionCount(0));
            Time("served", q => sink += Ranker.Top(seekers[q], candidates[q], model, Now, 20, 0.5).Count);
            (allocated, collections) = (GC.GetAllocatedBytesForCurrentThread() - allocated, GC.CollectionCount(0) - collections);
            Sink = sink;
        }

        var best = fastest.ToDictionary(p => p.Key, p => p.Value.Sum() / count / 1000);
        Console.WriteLine($"per candidate ({count:N0} candidates of {seekers.Count:N0} graduates; each graduate's fastest of 7 rounds): served path {best["served"]:0.00} µs, "
            + $"bare flat tree walk {best["walk"]:0.00} µs, ratio {best["served"] / best["walk"]:0.00} (goal <= 1.5); "
            + $"allocated {allocated / (double)seekers.Count / 1024:0.0} KB per graduate, {collections} gen-0 collections");
        Console.WriteLine($"  bare walk in blocks of {block} rows (as served) {best["walk in blocks"]:0.00} µs, ratio of the served path to it {best["served"] / best["walk in blocks"]:0.00}; "
            + $"of the served path: graduate's parts {best["parts"]:0.00} µs, features written {best["features"] - best["parts"]:0.00} µs, "
            + $"trees {best["scored"] - best["features"]:0.00} µs, re-ranking, picking the top 20 and their objects {best["served"] - best["scored"]:0.00} µs; "
            + $"features and trees in blocks of 16: {best["scored 16"]:0.00} µs, of 64: {best["scored 64"]:0.00} µs; "
            + $"a row written again at once (the post's parts in cache) {best["features twice"] - best["features"]:0.00} µs");
    }

    /// <summary>Match latency, twice over the same graduates (the first pass is the first this process serves them
    /// whole: the explanations' code runs for the first time), with where each match's time goes: the candidate
    /// stage, the ranker (features, trees, re-ranking, top 20), the explained top 20 (features again with the
    /// skills, contributions, reasons). The slowest matches of each pass are listed with their steps.</summary>
    private static void Latency(VacancyIndex index, RankingModel model, List<SeekerProfile> seekers, int limit)
    {
        for (var pass = 1; pass <= 2; pass++)
        {
            var steps = new (double Candidates, double Ranked, double Explained, double Total)[seekers.Count];
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var collections = Enumerable.Range(0, 3).Select(GC.CollectionCount).ToArray();
            for (var q = 0; q < seekers.Count; q++)
            {
                var started = Stopwatch.GetTimestamp();
                var candidates = index.Candidates(seekers[q], limit);
                var listed = Stopwatch.GetTimestamp();
                var shown = Ranker.Top(seekers[q], candidates, model, Now, 20, 0.5);
                var ranked = Stopwatch.GetTimestamp();
                Explain(model, shown);
                var done = Stopwatch.GetTimestamp();
                steps[q] = (Ms(started, listed), Ms(listed, ranked), Ms(ranked, done), Ms(started, done));
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            var gcs = string.Join("/", Enumerable.Range(0, 3).Select(g => GC.CollectionCount(g) - collections[g]));
            string Of(Func<(double Candidates, double Ranked, double Explained, double Total), double> step)
            {
                var times = steps.Select(step).Order().ToList();
                double P(int p) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(p / 100.0 * times.Count) - 1)];
                return $"p50 {P(50):0.00} ms, p99 {P(99):0.00} ms, max {times[^1]:0.00} ms";
            }

            Console.WriteLine($"match in process at {index.Posts.Count:N0} posts, pass {pass} (candidates, features, scores, top 20 explained): {Of(s => s.Total)} (goal p99 <= 3 ms; {seekers.Count} queries); "
                + $"allocated {allocated / (double)seekers.Count / 1024:0} KB per match, gen-0/1/2 collections {gcs}");
            Console.WriteLine($"  candidate stage {Of(s => s.Candidates)}; ranker {Of(s => s.Ranked)}; top 20 explained {Of(s => s.Explained)}");
            Console.WriteLine("  slowest: " + string.Join("; ", Enumerable.Range(0, seekers.Count).OrderByDescending(q => steps[q].Total).Take(4)
                .Select(q => $"#{q} {steps[q].Total:0.00} ms (candidates {steps[q].Candidates:0.00}, ranker {steps[q].Ranked:0.00}, explained {steps[q].Explained:0.00})")));
        }
    }

    private static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    private static void Explain(RankingModel model, List<RankedPost> shown)
    {
        var contributions = model.Contributions(shown.Select(r => r.Pair.Features).ToList());
        for (var i = 0; i < shown.Count; i++)
        {
            Explanations.For(shown[i].Pair, shown[i].Post, contributions[i]);
        }
    }

    /// <summary>Model file read, index built (or loaded), first answer: with the snapshot the posts' profiles,
    /// counts and appeal come from the blob; without it every post is profiled and rated again. Storage reads are
    /// not included (the snapshot blob and the model file are in memory here).</summary>
    private static void NewInstance(IReadOnlyList<Vacancy> vacancies, VacancyIndex built, byte[] modelBytes, SeekerProfile seeker, int limit)
    {
        using var blob = new MemoryStream();
        IndexSnapshot.Write(blob, built, "bench");
        var snapshotBytes = blob.ToArray();

        // Both paths once over a few posts first, so that neither timing carries the other's JIT compilation.
        var few = new VacancyIndex([.. built.Posts.Take(200)], Now, [.. built.Appeal.Take(200)]);
        using (var fewBlob = new MemoryStream())
        {
            IndexSnapshot.Write(fewBlob, few, "bench");
            fewBlob.Position = 0;
            IndexSnapshot.Read(fewBlob, MajorCatalog.Default);
        }

        _ = vacancies.Take(200).Select(v => new PostProfile(v, MajorCatalog.Default)).ToList();
        GC.Collect();

        var withSnapshot = Stopwatch.StartNew();
        var model = RankingModel.Load(new MemoryStream(modelBytes), PairFeatures.Schema, "bench");
        var modelLoaded = withSnapshot.Elapsed;
        var loaded = IndexSnapshot.Read(new MemoryStream(snapshotBytes), MajorCatalog.Default);
        var read = withSnapshot.Elapsed;
        var fromSnapshot = new VacancyIndex(loaded.Posts, Now, loaded.Appeal);
        var indexed = withSnapshot.Elapsed;
        Match(fromSnapshot, model, seeker, limit);
        withSnapshot.Stop();
        Console.WriteLine($"  with snapshot: model {modelLoaded.TotalSeconds:0.00} s, snapshot read {(read - modelLoaded).TotalSeconds:0.00} s, index {(indexed - read).TotalSeconds:0.00} s, first match {(withSnapshot.Elapsed - indexed).TotalSeconds:0.00} s");
        GC.Collect();

        var withoutSnapshot = Stopwatch.StartNew();
        model = RankingModel.Load(new MemoryStream(modelBytes), PairFeatures.Schema, "bench");
        var posts = vacancies.Select(v => new PostProfile(v, MajorCatalog.Default)).ToList();
        var scanned = new VacancyIndex(posts, Now, PostAppeal.Of(posts, model, Now));
        Match(scanned, model, seeker, limit);
        withoutSnapshot.Stop();

        Console.WriteLine($"new instance to first answer at {built.Posts.Count:N0} posts (model load + index + first match; storage reads excluded): with snapshot "
            + $"{withSnapshot.Elapsed.TotalSeconds:0.00} s ({snapshotBytes.Length / 1024.0 / 1024.0:0.0} MB blob), without {withoutSnapshot.Elapsed.TotalSeconds:0.00} s, "
            + $"ratio {withoutSnapshot.Elapsed / withSnapshot.Elapsed:0.0}x (goal with snapshot <= 1.5 s)");
    }

    private static void Match(VacancyIndex index, RankingModel model, SeekerProfile seeker, int limit)
    {
        Explain(model, Ranker.Top(seeker, index.Candidates(seeker, limit), model, Now, 20, 0.5));
    }
}
