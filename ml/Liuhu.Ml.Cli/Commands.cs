using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Core.Outcomes;
using Liuhu.Matching.Features;
using Liuhu.Matching.Ranking;
using Liuhu.Matching.Serving;

namespace Liuhu.Ml.Cli;

public static class Commands
{
    private static readonly DateTimeOffset Now = new(2024, 6, 1, 0, 0, 0, TimeSpan.FromHours(8));

    public static int Simulate(CliOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var folder = options.Text("out") ?? "simulated-market";
        Directory.CreateDirectory(folder);
        var (market, outcomes, _) = Build(options.Int("posts", 2_000), options.Int("graduates", 3_000), options.Int("seed", 1));
        foreach (var file in MarketFiles.WriteLedgers(market.Vacancies, folder).Append(MarketFiles.WriteGraduates(market.Graduates, folder)).Append(MarketFiles.WriteOutcomes(outcomes, folder)))
        {
            Console.WriteLine($"wrote {file} ({new FileInfo(file).Length / 1024} KiB)");
        }

        return 0;
    }

    public static int Evaluate(CliOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (market, outcomes, snapshot) = Build(options.Int("posts", 5_000), options.Int("graduates", 10_000), options.Int("seed", 1));
        var posts = snapshot.Index.Posts.ToDictionary(p => p.Vacancy.VacancyId, StringComparer.Ordinal);
        var graduates = market.Graduates.ToDictionary(g => g.GraduateId, StringComparer.Ordinal);
        var pairs = TrainingData.Build(outcomes, graduates, posts, Now);
        var metadata = TrainingService.Train(pairs, 30, Now, out var model);
        Console.WriteLine($"market: {market.Vacancies.Count:N0} posts, {market.Graduates.Count:N0} graduates, {outcomes.Count:N0} outcome events, {pairs.Count:N0} labelled pairs");
        Console.WriteLine($"held-out graduates: {metadata.HeldOutGroups:N0}; training rows {metadata.TrainingRows:N0} in {metadata.TrainingSeconds:0.0} s");
        Console.WriteLine($"NDCG@10 learned {metadata.NdcgAt10Model:0.0000} | heuristic {metadata.NdcgAt10Heuristic:0.0000} | random {metadata.NdcgAt10Random:0.0000} | learned/heuristic {metadata.NdcgAt10Model / metadata.NdcgAt10Heuristic:0.00} (goal >= 1.20)");
        Console.WriteLine("feature importance: " + string.Join(", ", metadata.FeatureImportance.Take(6).Select(p => $"{p.Key} {p.Value:0.00}")));

        var sample = market.Graduates.Where(g => g.Consent.Matching && TrainingData.IsHeldOut(g.GraduateId)).Take(2_000).ToList();
        foreach (var penalty in new[] { 0.0, 0.5 })
        {
            var exposure = new Dictionary<string, int>(StringComparer.Ordinal);
            var byGender = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            var byEthnicity = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            foreach (var graduate in sample)
            {
                var seeker = new SeekerProfile(graduate, MajorCatalog.Default);
                var top = Ranker.Rank(seeker, snapshot.Index.Candidates(seeker, 300), model, Now, penalty).Take(10).ToList();
                foreach (var r in top)
                {
                    exposure[r.Post.Vacancy.VacancyId] = exposure.GetValueOrDefault(r.Post.Vacancy.VacancyId) + 1;
                }

                var utility = top.Count == 0 ? 0 : top.Average(r => MarketSimulator.Utility(r.Pair, r.Post, seeker, market.Employers[r.Post.Vacancy.EmployerCreditCode]));
                Add(byGender, graduate.Gender ?? "?", utility);
                Add(byEthnicity, graduate.Ethnicity ?? "?", utility);
            }

            var counts = snapshot.Index.Posts.Select(p => (double)exposure.GetValueOrDefault(p.Vacancy.VacancyId)).ToList();
            Console.WriteLine($"exposure (penalty {penalty}): {exposure.Count / (double)snapshot.Index.Posts.Count:P1} of open posts in someone's top 10; Gini {Gini(counts):0.000}");
            if (penalty == 0)
            {
                Console.WriteLine("fairness audit (mean hidden utility of the top 10; gender and ethnicity are not features): "
                    + string.Join("; ", byGender.Concat(byEthnicity).Select(p => $"{p.Key} {p.Value.Average():0.000} (n={p.Value.Count})")));
            }
        }

        // As serving does once a model is promoted: the index knows each post's appeal under that model.
        var served = new VacancyIndex(snapshot.Index.Posts, Now, PostAppeal.Of(snapshot.Index.Posts, model, Now));
        CandidateRecallReport.Print(CandidateRecall.Measure(market.Graduates.Where(g => g.Consent.Matching).ToList(), served, MajorCatalog.Default,
            (seeker, posts) => Ranker.Rank(seeker, posts, model, Now).Select(r => r.Post), perGroup: options.Int("recall-per-group", 60)));
        return 0;
    }

    public static int Bench(CliOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var postsCount = options.Int("posts", 100_000);
        var graduatesCount = options.Int("graduates", 200_000);
        var trainRows = options.Int("train-rows", 1_000_000);
        var simulator = new MarketSimulator(options.Int("seed", 1));
        var market = simulator.Generate(postsCount, graduatesCount, Now, new ProgressBar("generating market"));

        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        var indexWatch = Stopwatch.StartNew();
        var snapshot = VacancyIndexSnapshot.Build(market.Vacancies, Now);
        indexWatch.Stop();
        var indexBytes = GC.GetTotalMemory(forceFullCollection: true) - memoryBefore;
        Console.WriteLine($"index over {postsCount:N0} posts: built in {indexWatch.Elapsed.TotalSeconds:0.00} s, {indexBytes / 1024.0 / 1024.0:0} MB");

        // Enough graduates' outcomes for the training-size goal (about 25 labelled pairs per graduate).
        var trainingMarket = market with { Graduates = market.Graduates.Take(Math.Min(graduatesCount, (trainRows / 25) + 1)).ToList() };
        var outcomes = simulator.Outcomes(trainingMarket, snapshot, Now, progress: new ProgressBar("simulating outcomes"));
        var posts = snapshot.Index.Posts.ToDictionary(p => p.Vacancy.VacancyId, StringComparer.Ordinal);
        var pairs = TrainingData.Build(outcomes, trainingMarket.Graduates.ToDictionary(g => g.GraduateId, StringComparer.Ordinal), posts, Now).Take(trainRows).ToList();
        var trainWatch = Stopwatch.StartNew();
        var model = RankingModel.Train(TrainingData.Rows(pairs));
        trainWatch.Stop();
        Console.WriteLine($"training on {pairs.Count:N0} labelled pairs: {trainWatch.Elapsed.TotalSeconds:0.0} s (goal <= 300 s)");

        var candidateLimit = options.Int("candidates", new MatchingOptions().CandidateLimit);
        var random = new Random(3);
        var queries = Enumerable.Range(0, options.Int("queries", 500)).Select(_ => market.Graduates[random.Next(market.Graduates.Count)]).ToList();
        var firstWatch = Stopwatch.StartNew();
        Match(queries[0], snapshot, model, bruteForce: false, candidateLimit);
        firstWatch.Stop();
        var twoStage = queries.Select(g => Time(() => Match(g, snapshot, model, bruteForce: false, candidateLimit))).ToList();
        var bruteQueries = queries.Take(options.Int("brute", 40)).ToList();
        var brute = bruteQueries.Select(g => Time(() => Match(g, snapshot, model, bruteForce: true, candidateLimit))).ToList();
        Console.WriteLine($"first match after the index and model are in memory: {firstWatch.Elapsed.TotalMilliseconds:0} ms");
        Console.WriteLine($"two-stage candidates per graduate: up to {candidateLimit}");
        Console.WriteLine($"match latency in-process, two-stage: p50 {Percentile(twoStage, 50):0.0} ms, p99 {Percentile(twoStage, 99):0.0} ms ({twoStage.Count} queries)");
        Console.WriteLine($"match latency in-process, brute force: p50 {Percentile(brute, 50):0.0} ms, p99 {Percentile(brute, 99):0.0} ms ({brute.Count} queries)");
        Console.WriteLine($"speed ratio brute/two-stage (p50): {Percentile(brute, 50) / Percentile(twoStage, 50):0.0}x (goal >= 20x)");

        // NDCG@10 against the hidden utility, the ideal being the best ten of all open posts.
        var ndcgTwoStage = new List<double>();
        var ndcgBrute = new List<double>();
        foreach (var graduate in bruteQueries)
        {
            var seeker = new SeekerProfile(graduate, MajorCatalog.Default);
            float Relevance(PostProfile p) => (float)Math.Clamp(MarketSimulator.Utility(PairFeatures.Evaluate(seeker, p, Now), p, seeker, market.Employers[p.Vacancy.EmployerCreditCode]), 0, 4);
            var ideal = snapshot.Index.Posts.Select(Relevance).OrderByDescending(r => r).Take(10).Select((r, i) => (Score: 10f - i, Label: r)).ToList();
            double Ndcg10(IEnumerable<RankedPost> top)
            {
                var ranked = top.Take(10).Select((r, i) => (Score: 10f - i, Label: Relevance(r.Post))).ToList();
                var dcg = ranked.Select((r, i) => (Math.Pow(2, r.Label) - 1) / Math.Log2(i + 2)).Sum();
                var idcg = ideal.Select((r, i) => (Math.Pow(2, r.Label) - 1) / Math.Log2(i + 2)).Sum();
                return idcg == 0 ? 1 : dcg / idcg;
            }

            ndcgTwoStage.Add(Ndcg10(Match(graduate, snapshot, model, bruteForce: false, candidateLimit)));
            ndcgBrute.Add(Ndcg10(Match(graduate, snapshot, model, bruteForce: true, candidateLimit)));
        }

        Console.WriteLine($"NDCG@10 vs hidden utility: two-stage {ndcgTwoStage.Average():0.0000}, brute force {ndcgBrute.Average():0.0000}, ratio {ndcgTwoStage.Average() / ndcgBrute.Average():0.000} (goal >= 0.98)");
        return 0;
    }

    public static async Task<int> DemoAsync(CliOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var api = options.Text("api") ?? "http://localhost:7071/api";
        // Dated today, not on the evaluation's fixed date, so that the posts are open when the demo is used.
        var (market, outcomes, _) = Build(options.Int("posts", 2_000), options.Int("graduates", 2_500), options.Int("seed", 1), shown: 10, explored: 3, now: DateTimeOffset.UtcNow);
        var folder = Directory.CreateTempSubdirectory("liuhu-demo-").FullName;
        try
        {
            var loader = new DemoLoader(new Uri(api.TrimEnd('/') + "/"), Environment.GetEnvironmentVariable("LIUHU_API_KEY"));
            foreach (var ledger in MarketFiles.WriteLedgers(market.Vacancies, folder))
            {
                await loader.UploadAsync("ledgers", ledger);
            }

            await loader.UploadAsync("graduate-ledgers", MarketFiles.WriteGraduates(market.Graduates, folder));
            await loader.PostOutcomesAsync(outcomes, new ProgressBar("reporting outcomes"));
            var version = await loader.TrainAsync();
            Console.WriteLine($"demo market loaded: {market.Vacancies.Count:N0} posts, {market.Graduates.Count:N0} graduates, {outcomes.Count:N0} outcomes; model {version}");
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public static int CatalogueBench(CliOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var market = new MarketSimulator(options.Int("seed", 1)).Generate(options.Int("posts", 100_000), options.Int("graduates", 200_000), Now, new ProgressBar("generating market"));
        var period = Liuhu.Core.Catalogues.Period.Of(Now);
        Liuhu.Core.Catalogues.CatalogueBuilder.Build(period, market.Vacancies.Take(100).ToList(), market.Graduates.Take(100).ToList(), Now); // warm-up
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var catalogue = Liuhu.Core.Catalogues.CatalogueBuilder.Build(period, market.Vacancies, market.Graduates, Now);
        watch.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Console.WriteLine($"catalogue {catalogue.Period} over {market.Vacancies.Count:N0} posts and {market.Graduates.Count:N0} graduates: {watch.Elapsed.TotalSeconds:0.00} s (goal <= 10 s), "
            + $"{allocated / 1024.0 / 1024.0:0} MB allocated, working set {Environment.WorkingSet / 1024 / 1024} MB; {catalogue.Clusters.Count} clusters, {catalogue.Overall.Headcount:N0} openings");
        return 0;
    }

    public static async Task<int> LatencyAsync(CliOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var api = (options.Text("api") ?? "http://localhost:7071/api").TrimEnd('/');
        var graduates = options.Int("graduates", 2_500);
        var random = new Random(9);
        // As the public site (its key in LIUHU_API_KEY): a graduate token is fetched for each graduate, untimed,
        // then the match call with it is timed, as the site serves a signed-in graduate.
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", Environment.GetEnvironmentVariable("LIUHU_API_KEY") ?? string.Empty);
        async Task<string> TokenAsync(string graduateId)
        {
            using var issued = await http.PostAsJsonAsync(new Uri($"{api}/graduate-tokens"), new { graduateId });
            return issued.IsSuccessStatusCode ? (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()! : string.Empty;
        }

        var first = $"{DemoLoader.DemoUniversityCode}-SIM000000";
        using (var warmUp = new HttpRequestMessage(HttpMethod.Get, new Uri($"{api}/graduates/{first}/matches")))
        {
            warmUp.Headers.Add("X-Graduate-Token", await TokenAsync(first));
            await http.SendAsync(warmUp);
        }

        var times = new List<double>();
        var statuses = new Dictionary<int, int>();
        for (var i = 0; i < options.Int("requests", 300); i++)
        {
            var id = DemoLoader.DemoUniversityCode + "-SIM" + random.Next(graduates).ToString("D6", CultureInfo.InvariantCulture);
            // Many public-site visitors, not one client hammering: each request from its own documentation address.
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{api}/graduates/{id}/matches?top=20"));
            request.Headers.Add("X-Forwarded-For", $"192.0.2.{i % 250}");
            request.Headers.Add("X-Graduate-Token", await TokenAsync(id));
            var watch = Stopwatch.StartNew();
            using var response = await http.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            watch.Stop();
            statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
            if (response.IsSuccessStatusCode)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        Console.WriteLine($"match latency over HTTP ({api}): p50 {Percentile(times, 50):0.0} ms, p99 {Percentile(times, 99):0.0} ms; statuses "
            + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        return 0;
    }

    private static (MarketSimulator.Market Market, List<Outcome> Outcomes, VacancyIndexSnapshot Snapshot) Build(int posts, int graduates, int seed, int shown = 20, int explored = 10, DateTimeOffset? now = null)
    {
        var at = now ?? Now;
        var simulator = new MarketSimulator(seed);
        var progress = new ProgressBar("simulating market");
        var market = simulator.Generate(posts, graduates, at, progress);
        var snapshot = VacancyIndexSnapshot.Build(market.Vacancies, at);
        var outcomes = simulator.Outcomes(market, snapshot, at, shown, explored, progress);
        return (market, outcomes, snapshot);
    }

    private static List<RankedPost> Match(GraduateProfile graduate, VacancyIndexSnapshot snapshot, RankingModel model, bool bruteForce, int candidateLimit)
    {
        var seeker = new SeekerProfile(graduate, MajorCatalog.Default);
        var candidates = bruteForce ? snapshot.Index.Posts : snapshot.Index.Candidates(seeker, candidateLimit);
        return Ranker.Rank(seeker, candidates, model, Now, 0.5);
    }

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Percentile(List<double> values, int p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1)];
    }

    private static double Gini(List<double> values)
    {
        var sorted = values.Order().ToList();
        var n = sorted.Count;
        var total = sorted.Sum();
        if (n == 0 || total == 0)
        {
            return 0;
        }

        var weighted = sorted.Select((v, i) => (i + 1) * v).Sum();
        return (2 * weighted / (n * total)) - ((n + 1.0) / n);
    }

    private static void Add(Dictionary<string, List<double>> groups, string key, double value)
    {
        if (!groups.TryGetValue(key, out var list))
        {
            groups[key] = list = [];
        }

        list.Add(value);
    }
}
