using System.Diagnostics;
using Liuhu.Core.Domain;
using Liuhu.Matching.Features;
using Liuhu.Matching.Ranking;
using Liuhu.Matching.Serving;

namespace Liuhu.Ml.Cli;

/// <summary><c>liuhu-ml bench candidates</c>: what the per-graduate profile cells (<see cref="ProfileAppeal"/>) cost,
/// each against the stage before them in the same run: index build (the levels' ratings with and without the
/// cells) and the candidate stage per request (the same index with and without the cells).</summary>
public static class CandidateBench
{
    private static readonly DateTimeOffset Now = new(2024, 6, 1, 0, 0, 0, TimeSpan.FromHours(8));

    public static int Run(CliOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var simulator = new MarketSimulator(options.Int("seed", 1));
        var market = simulator.Generate(options.Int("posts", 20_000), options.Int("graduates", 4_000), Now, new ProgressBar("generating market"));

        // Scoring cost depends on the trees, not on how many posts they were learnt from: train on a share.
        var trainingMarket = market with
        {
            Vacancies = market.Vacancies.Take(options.Int("train-posts", 1_500)).ToList(),
            Graduates = market.Graduates.Take(options.Int("train-graduates", 2_000)).ToList(),
        };
        var snapshot = VacancyIndexSnapshot.Build(trainingMarket.Vacancies, Now);
        var outcomes = simulator.Outcomes(trainingMarket, snapshot, Now, progress: new ProgressBar("simulating outcomes"));
        var set = TrainingData.Build(outcomes, trainingMarket.Graduates.ToDictionary(g => g.GraduateId, StringComparer.Ordinal),
            snapshot.Index.Posts.ToDictionary(p => p.Vacancy.VacancyId, StringComparer.Ordinal), Now, simulator.Positions, heldOutShare: 0.01, maxHeldOut: 0);
        var model = RankingModel.Train(TrainingData.Rows(set.Training), PairFeatures.Schema);
        var posts = market.Vacancies.Select(v => new PostProfile(v, MajorCatalog.Default)).ToList();

        var clock = Stopwatch.StartNew();
        var levels = PostAppeal.Levels.ToDictionary(d => d, d => new LevelAppeal(PostAppeal.Of(posts, model, Now, d), PostAppeal.OfOwnMajor(posts, model, Now, d)));
        var plainSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var cpu = Environment.CpuUsage.TotalTime;
        var withCells = levels.ToDictionary(l => l.Key, l => l.Value with { Cells = ProfileAppeal.Of(posts, model, Now, l.Key) });
        var cellSeconds = clock.Elapsed.TotalSeconds;
        var cellCpu = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
        Console.WriteLine($"{posts.Count:N0} posts, {model.Flat?.TreeCount} trees: levels' ratings without cells {plainSeconds:0.00} s; the cells add {cellSeconds:0.00} s wall, {cellCpu:0.00} s CPU "
            + $"({ProfileAppeal.CellCount * PostAppeal.Levels.Count} ratings per post, {ProfileAppeal.CellCount * PostAppeal.Levels.Count * posts.Count * 4 / 1_048_576.0:0} MB); load average {Machine.LoadAverage()}");

        var before = new VacancyIndex(posts, Now, levels);
        var after = new VacancyIndex(posts, Now, withCells);
        var random = new Random(3);
        var seekers = Enumerable.Range(0, options.Int("queries", 2_000))
            .Select(_ => new SeekerProfile(market.Graduates[random.Next(market.Graduates.Count)], MajorCatalog.Default)).ToList();
        var limit = options.Int("candidates", new MatchingOptions().CandidateLimit);
        foreach (var (name, index) in new[] { ("without cells", before), ("with cells", after), ("without cells", before), ("with cells", after) })
        {
            var times = new double[seekers.Count];
            var (allocated, collections) = (GC.GetAllocatedBytesForCurrentThread(), GC.CollectionCount(0));
            for (var q = 0; q < seekers.Count; q++)
            {
                var started = Stopwatch.GetTimestamp();
                _ = index.Candidates(seekers[q], limit);
                times[q] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }

            (allocated, collections) = (GC.GetAllocatedBytesForCurrentThread() - allocated, GC.CollectionCount(0) - collections);
            Array.Sort(times);
            Console.WriteLine($"  candidate stage {name}: p50 {times[times.Length / 2]:0.000} ms, p99 {times[(int)(times.Length * 0.99)]:0.000} ms, mean {times.Average():0.000} ms ({seekers.Count:N0} graduates); "
                + $"allocated {allocated / (double)seekers.Count / 1024:0.0} KB per graduate, {collections} gen-0 collections");
        }

        return 0;
    }
}
