using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Matching.Features;
using Liuhu.Matching.Ranking;
using Liuhu.Matching.Serving;

namespace Liuhu.Ml.Cli;

/// <summary><c>liuhu-ml bench start</c>: a new instance's time from process start to its first match answer, as a
/// fresh process measures it (runtime start, JIT, model load, index, first answer), with the index snapshot and
/// without it (every post profiled and rated again, as a scan builds the index). The posts of the scan come from a
/// local file of JSON lines and the snapshot from a local file, so storage round trips are excluded from both.</summary>
public static class StartBench
{
    private static readonly DateTimeOffset Now = new(2024, 6, 1, 0, 0, 0, TimeSpan.FromHours(8));

    public static int Run(CliOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Text("child") is { } childDir)
        {
            return Child(childDir, options.Text("mode") == "snapshot");
        }

        var dir = options.Text("dir") ?? Directory.CreateTempSubdirectory("liuhu-start-").FullName;
        Directory.CreateDirectory(dir);
        var snapshotFile = Path.Combine(dir, IndexSnapshot.BlobName);

        // --reuse: the files a previous run left in --dir (generating and training at 100,000 posts takes long); a
        // snapshot this build cannot read is written again from them.
        if (options.Text("reuse") is null || !File.Exists(snapshotFile))
        {
            Prepare(options, dir);
        }
        else if (!Readable(snapshotFile))
        {
            RewriteSnapshot(dir);
        }

        var compressionLine = CompressionTrade(dir);

        var snapshotMb = new FileInfo(snapshotFile).Length / 1024.0 / 1024.0;
        var postCount = File.ReadLines(Path.Combine(dir, "posts.jsonl")).Count();
        var runs = options.Int("runs", 3);
        var results = new Dictionary<bool, List<Dictionary<string, double>>> { [true] = [], [false] = [] };
        for (var run = 0; run < runs; run++)
        {
            foreach (var withSnapshot in new[] { true, false })
            {
                results[withSnapshot].Add(Launch(dir, withSnapshot));
            }
        }

        string Line(bool withSnapshot)
        {
            var median = results[withSnapshot].OrderBy(r => r["total_ms"]).ElementAt(runs / 2);
            return string.Join(", ", median.Where(p => p.Key.EndsWith("_ms", StringComparison.Ordinal))
                .Select(p => $"{p.Key.Replace("_ms", string.Empty, StringComparison.Ordinal).Replace('_', ' ')} {p.Value / 1000:0.00} s"));
        }

        double Total(bool withSnapshot, string what = "total_ms") => results[withSnapshot].Select(r => r[what]).Order().ElementAt(runs / 2) / 1000;
        Console.WriteLine($"market: {postCount:N0} posts; snapshot {snapshotMb:0.0} MB; median of {runs} fresh processes each; load average {Machine.LoadAverage()}");
        Console.WriteLine($"  with snapshot:    {Line(true)}");
        Console.WriteLine($"  without (scan):   {Line(false)}");
        Console.WriteLine($"new instance, process start to first answer at {postCount:N0} posts (storage reads excluded): with snapshot {Total(true):0.00} s, "
            + $"without {Total(false):0.00} s, ratio {Total(false) / Total(true):0.0}x (goal with snapshot <= 1.5 s); process CPU to the answer: with {Total(true, "process_cpu_ms"):0.00} s, "
            + $"without {Total(false, "process_cpu_ms"):0.00} s, ratio {Total(false, "process_cpu_ms") / Total(true, "process_cpu_ms"):0.0}x");
        Console.WriteLine(compressionLine);
        Console.WriteLine("  (snapshot read: header, SHA-256, inflate, bulk arrays; index: from the stored lists and orders; prepare: every post profiled and its serving parts"
            + " derived behind the first answer, on the other core, timed from the index to its end, not in the total)");
        if (options.Text("dir") is null)
        {
            Directory.Delete(dir, recursive: true);
        }

        return 0;
    }

    /// <summary>The market, the model trained on its simulated outcomes, the snapshot of its index, and the posts
    /// as JSON lines (what the scan reads), in <paramref name="dir"/>.</summary>
    private static void Prepare(CliOptions options, string dir)
    {
        var simulator = new MarketSimulator(options.Int("seed", 1));
        var market = simulator.Generate(options.Int("posts", 100_000), options.Int("graduates", 4_000), Now, new ProgressBar("generating market"));
        var built = VacancyIndexSnapshot.Build(market.Vacancies, Now);
        var outcomes = simulator.Outcomes(market, built, Now, progress: new ProgressBar("simulating outcomes"));
        var set = TrainingData.Build(outcomes, market.Graduates.ToDictionary(g => g.GraduateId, StringComparer.Ordinal),
            built.Index.Posts.ToDictionary(p => p.Vacancy.VacancyId, StringComparer.Ordinal), Now, simulator.Positions, heldOutShare: 0.01, maxHeldOut: 0);
        var model = RankingModel.Train(TrainingData.Rows(set.Training), PairFeatures.Schema);
        using (var file = File.Create(Path.Combine(dir, "model.zip")))
        {
            model.Save(file);
        }

        var posts = built.Index.Posts;
        WriteSnapshot(dir, new VacancyIndex(posts, Now, PostAppeal.ByDegree(posts, model, Now)));
        File.WriteAllLines(Path.Combine(dir, "posts.jsonl"), market.Vacancies.Select(v => JsonSerializer.Serialize(v)));
        File.WriteAllText(Path.Combine(dir, "graduate.json"), JsonSerializer.Serialize(market.Graduates[0]));
    }

    private static void WriteSnapshot(string dir, VacancyIndex index, SnapshotCompression compression = SnapshotCompression.Brotli, string name = IndexSnapshot.BlobName)
    {
        using var file = File.Create(Path.Combine(dir, name));
        IndexSnapshot.Write(file, index, "bench", Now, compression);
    }

    private static bool Readable(string snapshotFile)
    {
        try
        {
            using var file = File.OpenRead(snapshotFile);
            return IndexSnapshot.Read(file, MajorCatalog.Default).HasIndexParts;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>The snapshot written again from the posts and model of <paramref name="dir"/>, as the scan builds the index.</summary>
    private static void RewriteSnapshot(string dir)
    {
        WriteSnapshot(dir, Scan(dir, LoadModel(dir)));
    }

    private static VacancyIndex Scan(string dir, RankingModel model)
    {
        var posts = File.ReadLines(Path.Combine(dir, "posts.jsonl"))
            .Select(line => new PostProfile(JsonSerializer.Deserialize<Vacancy>(line)!, MajorCatalog.Default))
            .OrderBy(p => p.Vacancy.VacancyId, StringComparer.Ordinal)
            .ToList();
        return new VacancyIndex(posts, Now, PostAppeal.ByDegree(posts, model, Now));
    }

    private static RankingModel LoadModel(string dir)
    {
        using var file = File.OpenRead(Path.Combine(dir, "model.zip"));
        return RankingModel.Load(file, PairFeatures.Schema, "bench");
    }

    /// <summary>Blob size against read time, Brotli and none, in this process (warm; median of five reads each): what
    /// the compression saves in bytes fetched from storage and costs in inflating.</summary>
    private static string CompressionTrade(string dir)
    {
        var brotli = File.ReadAllBytes(Path.Combine(dir, IndexSnapshot.BlobName));
        var index = IndexSnapshot.Read(new MemoryStream(brotli), MajorCatalog.Default).ToIndex(Now);
        using var none = new MemoryStream();
        IndexSnapshot.Write(none, index, "bench", Now, SnapshotCompression.None);
        double ReadMs(byte[] blob) => Enumerable.Range(0, 5).Select(_ =>
        {
            var watch = Stopwatch.StartNew();
            IndexSnapshot.Read(new MemoryStream(blob), MajorCatalog.Default).ToIndex(Now);
            return watch.Elapsed.TotalMilliseconds;
        }).Order().ElementAt(2);
        var (brotliMs, noneMs) = (ReadMs(brotli), ReadMs(none.ToArray()));
        return FormattableString.Invariant(
            $"  snapshot read and index in process (warm): Brotli q1 {brotli.Length / 1048576.0:0.0} MB in {brotliMs:0} ms, none {none.Length / 1048576.0:0.0} MB in {noneMs:0} ms; Brotli saves {(none.Length - brotli.Length) / 1048576.0:0.0} MB for {brotliMs - noneMs:0} ms");
    }

    private static Dictionary<string, double> Launch(string dir, bool withSnapshot)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (!Environment.ProcessPath!.EndsWith("liuhu-ml", StringComparison.Ordinal))
        {
            start.ArgumentList.Add(typeof(StartBench).Assembly.Location); // run as `dotnet liuhu-ml.dll`
        }

        foreach (var arg in (string[])["bench", "start", "--child", dir, "--mode", withSnapshot ? "snapshot" : "scan"])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"The child process printed no result (exit {process.ExitCode}): {output}");
        return line["RESULT ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('='))
            .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
    }

    /// <summary>One new instance: what it does before its first answer, timed from the process's start.</summary>
    private static int Child(string dir, bool withSnapshot)
    {
        var started = Process.GetCurrentProcess().StartTime.ToUniversalTime();
        var main = DateTime.UtcNow - started;
        var watch = Stopwatch.StartNew();
        var graduate = JsonSerializer.Deserialize<GraduateProfile>(File.ReadAllText(Path.Combine(dir, "graduate.json")))!;
        var model = LoadModel(dir);
        var modelLoaded = watch.Elapsed;
        VacancyIndex index;
        var read = modelLoaded;
        Task? prepared = null;
        if (withSnapshot)
        {
            LoadedIndexSnapshot loaded;
            using (var file = File.OpenRead(Path.Combine(dir, IndexSnapshot.BlobName)))
            {
                loaded = IndexSnapshot.Read(file, MajorCatalog.Default);
            }

            read = watch.Elapsed;
            index = loaded.ToIndex(Now);

            // As a serving instance does: every post profiled behind the first answer, off its path.
            prepared = Task.Run(index.PrepareAll);
        }
        else
        {
            index = Scan(dir, model);
        }

        var indexed = watch.Elapsed;
        var seeker = new SeekerProfile(graduate, MajorCatalog.Default);
        var ranked = Ranker.Rank(seeker, index.Candidates(seeker, new MatchingOptions().CandidateLimit), model, Now, 0.5);
        var shown = ranked.Take(20).ToList();
        var contributions = model.Contributions(shown.Select(r => r.Pair.Features).ToList());
        var reasons = shown.Select((r, i) => Explanations.For(r.Pair, r.Post, contributions[i])).Count();
        var answered = watch.Elapsed;
        var total = DateTime.UtcNow - started;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime; // on a shared machine, what wall time cannot show
        prepared?.Wait();
        var prepareMs = prepared is null ? 0 : (watch.Elapsed - indexed).TotalMilliseconds;

        Console.WriteLine(FormattableString.Invariant(
            $"RESULT runtime_start_ms={main.TotalMilliseconds:0} model_ms={modelLoaded.TotalMilliseconds:0} snapshot_read_ms={(read - modelLoaded).TotalMilliseconds:0} prepare_ms={prepareMs:0} index_ms={(indexed - read).TotalMilliseconds:0} first_match_ms={(answered - indexed).TotalMilliseconds:0} total_ms={total.TotalMilliseconds:0} process_cpu_ms={cpu.TotalMilliseconds:0} shown={reasons}"));
        return 0;
    }
}
