using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Liuhu.Testing;
using Liuhu.Core;
using Liuhu.Core.Domain;
using Liuhu.Core.Ingestion;
using Liuhu.Core.Ledgers;
using Liuhu.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// Ingestion benchmark: a 100,000-row ledger through upload + queue handler (parse, validate, store), against
// the same rows written with raw batched SubmitTransactionAsync calls to the same Azurite, in one run.
// Usage: dotnet run -c Release --project bench/Liuhu.Benchmarks -- [rows] [employers]
// then, unless --no-memory, the Functions process's peak working set while it ingests a 20 MB ledger over HTTP;
// that part alone, against any dev host build: ... -- memory [devhost-output-folder]
// With --profile, first each phase of an ingest alone (parse, validate, entities, stored-row reads, raw writes).
// Hostile files against the readers' bounds (docs/ledger-bounds.md): ... -- hostile [name-filter]
// Anonymous progress reads, quiet and during an ingest (docs/storage.md): ... -- progress [posts] [graduates] [hires] [cacheSeconds]
if (args is ["hostile", ..])
{
    Liuhu.Benchmarks.HostileBenchmark.Run(args[1..]);
    return;
}

if (args is ["memory", ..])
{
    await Liuhu.Benchmarks.IngestMemoryBenchmark.RunAsync(args[1..]);
    return;
}

var measureMemory = !args.Contains("--no-memory");
var profile = args.Contains("--profile");
args = [.. args.Where(a => a is not "--no-memory" and not "--profile")];
if (args is ["progress", ..])
{
    await Liuhu.Benchmarks.ProgressBenchmark.RunAsync(args[1..]);
    return;
}

var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var employers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
using var azurite = new AzuriteProcess();
await azurite.StartAsync();

var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["AzureWebJobsStorage"] = azurite.ConnectionString,
    ["PersonalData:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
}).Build();
var services = new ServiceCollection()
    .AddSingleton<IConfiguration>(configuration)
    .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
    .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
    .AddLiuhuCore(configuration)
    .BuildServiceProvider();
var clients = services.GetRequiredService<StorageClients>();
await clients.EnsureCreatedAsync(CancellationToken.None);
var parallelism = services.GetRequiredService<IOptions<LedgerLimits>>().Value.WriteParallelism;

Console.WriteLine($"Generating a {rows:N0}-row ledger for {employers} employers...");
var csv = Ledger(rows, employers);
Console.WriteLine($"Ledger: {csv.Length / 1024.0 / 1024.0:0.0} MB CSV; write parallelism {parallelism}; {Environment.ProcessorCount} cores");

// Raw baseline: the same entities the pipeline would store, already built, written as entity-group transactions.
var entities = RawEntities(csv);
var raw = clients.Tables.GetTableClient("RawBaseline");
await raw.CreateIfNotExistsAsync();
if (profile)
{
    Console.WriteLine("Profile, each phase alone:");
    var profiled = clients.Tables.GetTableClient("ProfileBaseline");
    await profiled.CreateIfNotExistsAsync();
    await Liuhu.Benchmarks.IngestProfile.RunAsync(csv, profiled, parallelism);
}

// Process CPU beside wall time: on a shared machine the wall-clock ratio moves with the load, while the CPU this
// process spends per row (the SDK's own, and the ingest's parsing, validation and GC on top) does not.
var rawCpu = Process.GetCurrentProcess().TotalProcessorTime;
var rawAzuriteCpu = azurite.ProcessorTime;
var rawWatch = Stopwatch.StartNew();
await TableBatchWriter.WriteAsync(raw, entities.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), parallelism, CancellationToken.None);
rawWatch.Stop();
rawCpu = Process.GetCurrentProcess().TotalProcessorTime - rawCpu;
rawAzuriteCpu = azurite.ProcessorTime - rawAzuriteCpu;

// The ingest's heap is sampled below: the baseline's entities go first, and so does its table, so that the ingest
// meets an Azurite holding what the baseline met (Azurite keeps every table in one process's memory, and its
// own garbage collection slows as that grows).
await raw.DeleteAsync();
entities.Clear();
entities.TrimExcess();
GC.Collect();

using var gcSampling = new CancellationTokenSource();
var gcPeak = (Heap: 0L, Gen2: 0L, Loh: 0L, Fragmented: 0L);
var gcSampler = Task.Run(async () =>
{
    // The managed heap as the last GC left it: which generation grows while a ledger is ingested.
    while (!gcSampling.IsCancellationRequested)
    {
        var info = GC.GetGCMemoryInfo();
        gcPeak = (Math.Max(gcPeak.Heap, info.HeapSizeBytes), Math.Max(gcPeak.Gen2, info.GenerationInfo[2].SizeAfterBytes),
            Math.Max(gcPeak.Loh, info.GenerationInfo[3].SizeAfterBytes), Math.Max(gcPeak.Fragmented, info.FragmentedBytes));
        await Task.Delay(100, CancellationToken.None);
    }
});
var gen2Before = GC.CollectionCount(2);
var allocatedBefore = GC.GetTotalAllocatedBytes();
var ingestCpu = Process.GetCurrentProcess().TotalProcessorTime;
var ingestAzuriteCpu = azurite.ProcessorTime;
var ingestWatch = Stopwatch.StartNew();
var status = await services.GetRequiredService<LedgerUploadService>().SubmitAsync(LedgerKind.Vacancy, new MemoryStream(csv), "bench.csv", new Liuhu.Core.Access.Caller("bureau-bench", Liuhu.Core.Access.OrganisationKind.Bureau, "bench", "bench"), null, CancellationToken.None);
var uploaded = ingestWatch.Elapsed;
await services.GetRequiredService<LedgerProcessor>().ProcessAsync(new LedgerMessage(status.LedgerId, LedgerKind.Vacancy), CancellationToken.None);
ingestWatch.Stop();
ingestCpu = Process.GetCurrentProcess().TotalProcessorTime - ingestCpu;
ingestAzuriteCpu = azurite.ProcessorTime - ingestAzuriteCpu;
await gcSampling.CancelAsync();
await gcSampler;
var done = await services.GetRequiredService<ILedgerStore>().GetStatusAsync(status.LedgerId, CancellationToken.None);

var rawRate = rows / rawWatch.Elapsed.TotalSeconds;
var ingestRate = done!.RowsAccepted / ingestWatch.Elapsed.TotalSeconds;
Console.WriteLine($"raw batched SubmitTransactionAsync: {rows:N0} rows in {rawWatch.Elapsed.TotalSeconds:0.00} s = {rawRate:N0} rows/s; CPU: this process {rawCpu.TotalSeconds:0.00} s, Azurite {rawAzuriteCpu.TotalSeconds:0.00} s");
Console.WriteLine($"ledger ingest (upload + parse + validate + store): {done.RowsAccepted:N0} rows accepted, {done.RowsRejected} rejected, in {ingestWatch.Elapsed.TotalSeconds:0.00} s = {ingestRate:N0} rows/s; CPU: this process {ingestCpu.TotalSeconds:0.00} s ({ingestCpu / rawCpu:0.00} x the raw writes'), Azurite {ingestAzuriteCpu.TotalSeconds:0.00} s");
Console.WriteLine($"  of which upload (copy, check, store the file) {uploaded.TotalSeconds:0.00} s, queue handler {(ingestWatch.Elapsed - uploaded).TotalSeconds:0.00} s; {(GC.GetTotalAllocatedBytes() - allocatedBefore) / 1024 / 1024:N0} MB allocated, {GC.CollectionCount(2) - gen2Before} gen2 GCs; "
    + $"largest after a GC: heap {gcPeak.Heap / 1024 / 1024} MB, gen2 {gcPeak.Gen2 / 1024 / 1024} MB, LOH {gcPeak.Loh / 1024 / 1024} MB, fragmented {gcPeak.Fragmented / 1024 / 1024} MB ({(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC)");
Console.WriteLine($"ratio ingest/raw: {ingestRate / rawRate:0.00} (goal >= 0.90: {(ingestRate / rawRate >= 0.9 ? "met" : "NOT met")})");
Console.WriteLine($"bench process working set at end: {Environment.WorkingSet / 1024 / 1024} MB (it holds the generated ledger and the baseline's entities; the Functions process is measured below)");
if (measureMemory)
{
    azurite.Dispose();
    await Liuhu.Benchmarks.IngestMemoryBenchmark.RunAsync([]);
}

static List<TableEntity> RawEntities(byte[] csv)
{
    var sheet = LedgerSheet.Locate(LedgerReader.Read(csv, new LedgerLimits()), LedgerSchemas.Vacancy);
    var now = DateTimeOffset.UtcNow;
    return sheet.Rows.Select(r => VacancyEntities.ToEntity(VacancyRowValidator.Validate(sheet, r, "raw", now).Value!)).ToList();
}

static byte[] Ledger(int rows, int employers)
{
    var credits = Enumerable.Range(0, employers).Select(i => CreditCode.WithCheckCharacter("91150100MA" + i.ToString("D7", CultureInfo.InvariantCulture))).ToArray();
    var clusters = Clusters.All.Select(c => c.Name).ToArray();
    var districts = Districts.All.Select(d => d.Name).ToArray();
    var builder = new StringBuilder("企业名称,统一社会信用代码,所属产业集群,岗位名称,岗位编号,招聘人数,学历要求,专业要求,技能要求,岗位职责,薪资待遇,工作地点,福利待遇,联系人,联系电话,有效期至\r\n");
    for (var i = 0; i < rows; i++)
    {
        var e = i % employers;
        builder.Append(CultureInfo.InvariantCulture, $"示范企业{e},{credits[e]},{clusters[i % clusters.Length]},岗位{i},P{i},{1 + (i % 9)},本科,软件工程,Python、SQL,运维,{4000 + (i % 40) * 100}-{8000 + (i % 40) * 100},{districts[i % districts.Length]},五险一金,王老师,13847100001,2027-06-30\r\n");
    }

    return Encoding.UTF8.GetBytes(builder.ToString());
}
