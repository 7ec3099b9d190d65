using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Core.Outcomes;
using Liuhu.Core.Storage;
using Liuhu.DevHost;
using Liuhu.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Liuhu.Benchmarks;

/// <summary>`-- progress`: anonymous progress reads over real HTTP against the dev host and its own Azurite,
/// first on a quiet host, then while a ledger is being ingested, and what one rebuild (the scan every read
/// used to do) costs at the same scale. Usage: dotnet run -c Release --project bench/Liuhu.Benchmarks --
/// progress [posts] [graduates] [hires] [cacheSeconds]. cacheSeconds defaults to 0, so that every read is a
/// blob point read; the shipped default (15) serves most reads from memory.</summary>
internal static class ProgressBenchmark
{
    private const int Reads = 1_000;
    private const int Callers = 8;

    public static async Task RunAsync(string[] args)
    {
        int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
        var posts = Arg(0, 20_000);
        var graduates = Arg(1, 20_000);
        var hires = Arg(2, 10_000);
        var cacheSeconds = Arg(3, 0);
        using var azurite = new AzuriteProcess();
        await azurite.StartAsync();
        var bureauKey = "bench-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var app = DevHostApp.Build(["--urls", "http://127.0.0.1:0"], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["PersonalData:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Access:BootstrapBureauKey"] = bureauKey,
            ["Logging:LogLevel:Default"] = "Warning",
            ["RateLimit:PermitsPerWindow"] = "1000000",
            ["RateLimit:CredentialPermitsPerWindow"] = "1000000",
            ["Progress:CacheSeconds"] = cacheSeconds.ToString(CultureInfo.InvariantCulture),
        }));
        await app.StartAsync();
        try
        {
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            using var anonymous = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
            using var bureau = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
            bureau.DefaultRequestHeaders.Add("X-Api-Key", bureauKey);

            Console.WriteLine($"Seeding {posts:N0} posts (a ledger through the API), {graduates:N0} graduates and {hires:N0} hires...");
            var seeded = await UploadAsync(bureau, Ledger(posts, "S"));
            await WaitAsync(bureau, seeded);
            var vacancyIds = new List<string>();
            await foreach (var vacancy in app.Services.GetRequiredService<Liuhu.Core.Storage.IVacancyStore>().ReadAllAsync(CancellationToken.None))
            {
                vacancyIds.Add(vacancy.VacancyId);
            }

            var profiles = Enumerable.Range(0, graduates).Select(i => new GraduateProfile
            {
                GraduateId = $"10126-B{i:D6}",
                Degree = Degree.Bachelor,
                Major = "软件工程",
                LeftSchoolUnemployed = i % 10 == 0,
                Consent = new Consent(true, true),
            }).ToList();
            await app.Services.GetRequiredService<IGraduateStore>().UpsertManyAsync(profiles, CancellationToken.None);
            // Within the default programme year (Programme:Year, 2024), so that every hire is counted, not skipped.
            var now = new DateTimeOffset(2024, 12, 1, 0, 0, 0, TimeSpan.FromHours(8));
            await app.Services.GetRequiredService<IOutcomeStore>().RecordAsync(
                Enumerable.Range(0, hires).Select(i => new Outcome(profiles[i % profiles.Count].GraduateId, vacancyIds[i % vacancyIds.Count], OutcomeEvent.Hired, now.AddMinutes(-i))).ToList(),
                CancellationToken.None);

            var rebuild = Stopwatch.StartNew();
            (await bureau.PostAsync("/api/manage/programme/progress", null)).EnsureSuccessStatusCode();
            rebuild.Stop();
            Console.WriteLine($"one rebuild (the scan each read did before): {rebuild.Elapsed.TotalMilliseconds:N0} ms; {Environment.ProcessorCount} cores; read cache {cacheSeconds} s");

            await ReadAsync(anonymous, Reads / 10, () => false); // warm-up
            var quiet = await ReadAsync(anonymous, Reads, () => false);
            Console.WriteLine(Line("quiet host", quiet));

            var ingest = await UploadAsync(bureau, Ledger(posts, "L"));
            var ingestWatch = Stopwatch.StartNew();
            var ingesting = true;
            var waiting = Task.Run(async () =>
            {
                await WaitAsync(bureau, ingest);
                ingesting = false;
                ingestWatch.Stop();
            });
            var loaded = await ReadAsync(anonymous, Reads, () => ingesting);
            await waiting;
            Console.WriteLine(Line($"while a {posts:N0}-row ledger ingests", loaded) + $"; {loaded.DuringIngest:N0} of {Reads:N0} reads finished during the ingest ({ingestWatch.Elapsed.TotalSeconds:0.0} s)");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio under ingest / quiet: p50 {loaded.P50 / quiet.P50:0.00}, p99 {loaded.P99 / quiet.P99:0.00}"));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private sealed record Result(double P50, double P99, int Failures, int DuringIngest);

    private static string Line(string label, Result r) =>
        string.Create(CultureInfo.InvariantCulture, $"{Reads:N0} anonymous progress reads, {Callers} callers, {label}: p50 {r.P50:0.0} ms, p99 {r.P99:0.0} ms, {r.Failures} not 200");

    private static async Task<Result> ReadAsync(HttpClient client, int reads, Func<bool> ingesting)
    {
        var times = new List<(double Ms, bool During)>();
        var failures = 0;
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < reads)
            {
                var watch = Stopwatch.StartNew();
                using var response = await client.GetAsync("/api/programme/progress");
                await response.Content.ReadAsByteArrayAsync();
                watch.Stop();
                lock (times)
                {
                    times.Add((watch.Elapsed.TotalMilliseconds, ingesting()));
                    failures += response.StatusCode == HttpStatusCode.OK ? 0 : 1;
                }
            }
        }));
        var sorted = times.Select(t => t.Ms).Order().ToList();
        return new Result(Percentile(sorted, 0.50), Percentile(sorted, 0.99), failures, times.Count(t => t.During));
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static async Task<string> UploadAsync(HttpClient bureau, byte[] ledger)
    {
        var response = await bureau.PostAsync("/api/ledgers", new ByteArrayContent(ledger));
        response.EnsureSuccessStatusCode();
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("ledgerId").GetString()!;
    }

    private static async Task WaitAsync(HttpClient bureau, string ledgerId)
    {
        while (true)
        {
            using var body = System.Text.Json.JsonDocument.Parse(await bureau.GetStringAsync($"/api/ledgers/{ledgerId}"));
            if (body.RootElement.GetProperty("state").GetString() is "completed" or "failed")
            {
                return;
            }

            await Task.Delay(250);
        }
    }

    private static byte[] Ledger(int rows, string prefix)
    {
        var credits = Enumerable.Range(0, 100).Select(i => CreditCode.WithCheckCharacter("91150100MB" + i.ToString("D7", CultureInfo.InvariantCulture))).ToArray();
        var clusters = Clusters.All.Select(c => c.Name).ToArray();
        var districts = Districts.All.Select(d => d.Name).ToArray();
        var builder = new StringBuilder("企业名称,统一社会信用代码,所属产业集群,岗位名称,岗位编号,招聘人数,学历要求,专业要求,技能要求,岗位职责,薪资待遇,工作地点,福利待遇,联系人,联系电话,有效期至\r\n");
        for (var i = 0; i < rows; i++)
        {
            var e = i % credits.Length;
            builder.Append(CultureInfo.InvariantCulture, $"示范企业{e},{credits[e]},{clusters[i % clusters.Length]},岗位{prefix}{i},{prefix}{i},{1 + (i % 9)},本科,软件工程,Python、SQL,运维,{4000 + (i % 40) * 100}-{8000 + (i % 40) * 100},{districts[i % districts.Length]},五险一金,王老师,13847100001,2027-06-30\r\n");
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }
}
