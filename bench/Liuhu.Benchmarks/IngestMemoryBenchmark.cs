using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Liuhu.Core.Domain;
using Liuhu.Testing;

namespace Liuhu.Benchmarks;

/// <summary>The Functions process's memory while it ingests a 20 MB ledger: the real dev host started as its own
/// process against Azurite, the ledger uploaded over HTTP as the bureau, and the process's resident set read from
/// /proc/{pid}/status while it uploads and processes (VmHWM is the kernel's own peak; Azurite is another process).</summary>
/// <remarks>Usage: ... -- memory [devhost-output-folder]; the folder defaults to this repository's
/// devhost/bin/Release/net10.0, and naming another build (e.g. main's) measures that build the same way.</remarks>
public static class IngestMemoryBenchmark
{
    private const long GoalBytes = 300L * 1024 * 1024;
    private const long TargetLedgerBytes = 20L * 1024 * 1024 - 64 * 1024;

    public static async Task RunAsync(string[] args)
    {
        var folder = args.Length > 0 ? args[0] : Path.Combine(AzuriteProcess.RepositoryRoot(), "devhost", "bin", "Release", "net10.0");
        var host = Path.Combine(folder, "Liuhu.DevHost.dll");
        if (!File.Exists(host))
        {
            throw new InvalidOperationException($"{host} not found: build the dev host first (dotnet build Liuhu.sln -c Release).");
        }

        var ledger = Path.Combine(Path.GetTempPath(), $"liuhu-bench-{Guid.NewGuid():N}.csv");
        var rows = WriteLedger(ledger);
        var size = new FileInfo(ledger).Length;
        using var azurite = new AzuriteProcess();
        await azurite.StartAsync();
        var port = FreePort();
        var bootstrap = "bootstrap-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var start = new ProcessStartInfo("dotnet", $"\"{host}\" --urls http://127.0.0.1:{port}")
        {
            WorkingDirectory = folder,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["AzureWebJobsStorage"] = azurite.ConnectionString;
        start.Environment["PersonalData__EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        start.Environment["Access__BootstrapBureauKey"] = bootstrap;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["LocalSettings"] = Path.Combine(folder, "no-local-settings.json");
        var gc = FunctionsGcMode(folder, start);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The dev host did not start.");
        process.OutputDataReceived += (_, e) =>
        {
            // Only the host's own warnings and failures (the log level is Warning): a retried message shows here.
            if (e.Data is { Length: > 0 } line && (line.StartsWith("warn", StringComparison.Ordinal) || line.StartsWith("fail", StringComparison.Ordinal)))
            {
                Console.Error.WriteLine("devhost: " + line);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                Console.Error.WriteLine("devhost: " + line);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(10) };
            client.DefaultRequestHeaders.Add("X-Api-Key", bootstrap);
            await WaitForHealthAsync(client, process);
            await Task.Delay(TimeSpan.FromSeconds(2));
            var idle = Status(process.Id, "VmRSS");
            Console.WriteLine($"Dev host {folder}: pid {process.Id}, {idle / 1024 / 1024} MB resident when idle; {gc}");
            Console.WriteLine($"Ledger: {rows:N0} rows, {size / 1024.0 / 1024.0:0.0} MB CSV, uploaded over HTTP as the bureau");

            using var sampling = new CancellationTokenSource();
            long sampledPeak = 0;
            var timeline = new List<string>();
            var sampler = Task.Run(async () =>
            {
                var clock = Stopwatch.StartNew();
                var next = TimeSpan.Zero;
                while (!sampling.IsCancellationRequested)
                {
                    var rss = Status(process.Id, "VmRSS");
                    sampledPeak = Math.Max(sampledPeak, rss);
                    if (clock.Elapsed >= next)
                    {
                        timeline.Add($"{clock.Elapsed.TotalSeconds:0}s {rss / 1024 / 1024}");
                        next += TimeSpan.FromSeconds(10);
                    }

                    await Task.Delay(50, CancellationToken.None);
                }
            });

            var watch = Stopwatch.StartNew();
            string ledgerId;
            await using (var body = File.OpenRead(ledger))
            {
                using var response = await client.PostAsync("/api/ledgers?fileName=bench-20mb.csv", new StreamContent(body));
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    throw new InvalidOperationException($"Upload answered {(int)response.StatusCode}: {text}");
                }

                ledgerId = JsonDocument.Parse(text).RootElement.GetProperty("ledgerId").GetString()!;
            }

            var uploaded = watch.Elapsed;
            var uploadPeak = sampledPeak;
            JsonElement status;
            var failedPolls = 0;
            while (true)
            {
                await Task.Delay(250);
                using var polled = await client.GetAsync($"/api/ledgers/{ledgerId}");
                if (!polled.IsSuccessStatusCode)
                {
                    // A loaded machine's Azurite can time a status read out; the ingest goes on regardless.
                    failedPolls++;
                    continue;
                }

                status = JsonDocument.Parse(await polled.Content.ReadAsStringAsync()).RootElement;
                if (status.GetProperty("state").GetString() is "completed" or "failed")
                {
                    break;
                }
            }

            watch.Stop();
            await sampling.CancelAsync();
            await sampler;
            var hwm = Status(process.Id, "VmHWM");
            Console.WriteLine($"VmRSS MB every 10 s from the upload: {string.Join(", ", timeline)}");
            if (failedPolls > 0)
            {
                Console.WriteLine($"({failedPolls} status reads failed while polling)");
            }

            Console.WriteLine($"Ledger {status.GetProperty("state").GetString()}: {status.GetProperty("rowsAccepted").GetInt32():N0} rows accepted, upload answered in {uploaded.TotalSeconds:0.0} s, done in {watch.Elapsed.TotalSeconds:0.0} s");
            Console.WriteLine($"Functions process peak working set (VmHWM): {hwm / 1024 / 1024} MB (sampled VmRSS peak {sampledPeak / 1024 / 1024} MB; {uploadPeak / 1024 / 1024} MB until the upload answered; idle {idle / 1024 / 1024} MB); goal <= {GoalBytes / 1024 / 1024} MB: {(hwm <= GoalBytes ? "met" : "NOT met")}");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            File.Delete(ledger);
        }
    }

    /// <summary>Runs the dev host with the garbage collector the Functions worker is built with. The dev host is an
    /// ASP.NET Core app, which defaults to server GC; the worker (Liuhu.Functions, a plain console app to the SDK)
    /// gets workstation GC unless its runtimeconfig says otherwise, and it is the worker's memory the goal is about.
    /// DOTNET_gcServer set by the caller wins.</summary>
    private static string FunctionsGcMode(string folder, ProcessStartInfo start)
    {
        if (Environment.GetEnvironmentVariable("DOTNET_gcServer") is { Length: > 0 } forced)
        {
            return $"GC as the caller set it (DOTNET_gcServer={forced})";
        }

        var config = Path.Combine(folder, "Liuhu.Functions.runtimeconfig.json");
        using var json = JsonDocument.Parse(File.Exists(config) ? File.ReadAllText(config) : "{}");
        var server = json.RootElement.TryGetProperty("runtimeOptions", out var options)
            && options.TryGetProperty("configProperties", out var properties)
            && properties.TryGetProperty("System.GC.Server", out var value) && value.ValueKind == JsonValueKind.True;
        start.Environment["DOTNET_gcServer"] = server ? "1" : "0";
        return $"{(server ? "server" : "workstation")} GC, as Liuhu.Functions.runtimeconfig.json sets the Functions worker";
    }

    /// <summary>A vacancy ledger of at most 100,000 rows (the row limit) and just under 20 MB (the size limit),
    /// its rows made longer with a duty description to reach the size.</summary>
    private static int WriteLedger(string path)
    {
        const int rows = 100_000;
        var credits = Enumerable.Range(0, 200).Select(i => CreditCode.WithCheckCharacter("91150100MA" + i.ToString("D7", CultureInfo.InvariantCulture))).ToArray();
        var clusters = Clusters.All.Select(c => c.Name).ToArray();
        var districts = Districts.All.Select(d => d.Name).ToArray();
        string Row(int i, string duties) =>
            $"示范企业{i % credits.Length},{credits[i % credits.Length]},{clusters[i % clusters.Length]},岗位{i},P{i},{1 + (i % 9)},本科,软件工程,Python、SQL,{duties},{4000 + (i % 40) * 100}-{8000 + (i % 40) * 100},{districts[i % districts.Length]},五险一金,王老师,13847100001,2027-06-30\r\n";
        const string header = "企业名称,统一社会信用代码,所属产业集群,岗位名称,岗位编号,招聘人数,学历要求,专业要求,技能要求,岗位职责,薪资待遇,工作地点,福利待遇,联系人,联系电话,有效期至\r\n";
        var plain = Encoding.UTF8.GetByteCount(header) + Enumerable.Range(0, rows).Sum(i => (long)Encoding.UTF8.GetByteCount(Row(i, "运维")));
        var extra = (int)Math.Max(0, (TargetLedgerBytes - plain) / rows / 3);
        var duties = "运维" + new string('维', extra);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.Write(header);
        for (var i = 0; i < rows; i++)
        {
            writer.Write(Row(i, duties));
        }

        return rows;
    }

    private static async Task WaitForHealthAsync(HttpClient client, Process process)
    {
        for (var i = 0; i < 600; i++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The dev host exited with {process.ExitCode}.");
            }

            try
            {
                using var response = await client.GetAsync("/api/health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("The dev host did not answer /api/health within a minute.");
    }

    /// <summary>A size field of /proc/{pid}/status ("VmRSS:  123456 kB"), in bytes.</summary>
    private static long Status(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
