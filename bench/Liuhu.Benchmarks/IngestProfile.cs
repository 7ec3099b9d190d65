using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Liuhu.Core.Ledgers;
using Liuhu.Core.Storage;

namespace Liuhu.Benchmarks;

/// <summary>`-- profile`: where an ingest's time and allocations go, phase by phase, on the same ledger and the same
/// Azurite as the throughput run: reading and parsing, validating, building entities, the per-employer reads of
/// stored rows, and the raw batched writes. Each phase runs alone, so the sum shows what a pipeline that does them
/// one after another would cost, and the raw write time what overlapping them could reach.</summary>
internal static class IngestProfile
{
    public static async Task RunAsync(byte[] ledger, TableClient table, int parallelism)
    {
        var limits = new LedgerLimits();
        var path = Path.Combine(Path.GetTempPath(), $"liuhu-profile-{Guid.NewGuid():N}.csv");
        await File.WriteAllBytesAsync(path, ledger);
        try
        {
            await using var file = File.OpenRead(path);
            var rows = 0;
            Phase("read + parse (one pass of the file)", () =>
            {
                using var sheet = Open(file, limits);
                foreach (var _ in sheet.Rows())
                {
                    rows++;
                }
            });

            var now = DateTimeOffset.UtcNow;
            var vacancies = new List<Liuhu.Core.Domain.Vacancy>(rows);
            Phase("read + parse + validate", () =>
            {
                using var sheet = Open(file, limits);
                foreach (var row in sheet.Rows())
                {
                    vacancies.Add(VacancyRowValidator.Validate(sheet.Sheet, row, "profile", now, limits).Value!);
                }
            });

            Phase("of which the lawful-content checks (six texts a row)", () =>
            {
                foreach (var v in vacancies)
                {
                    _ = Liuhu.Core.Domain.LawfulContent.Check(v.Title, v.Degree.ToString(), string.Join('、', v.Majors), string.Join('、', v.Skills), v.Description, string.Join('、', v.Benefits));
                }
            });

            Phase("of which the major requirements (catalogue lookups)", () =>
            {
                foreach (var v in vacancies)
                {
                    _ = Liuhu.Core.Domain.MajorRequirement.Parse(v.Majors, Liuhu.Core.Domain.MajorCatalog.Default);
                }
            });

            var entities = new List<TableEntity>(rows);
            Phase("entities (ToEntity alone)", () =>
            {
                foreach (var v in vacancies)
                {
                    entities.Add(VacancyEntities.ToEntity(v));
                }
            });

            Phase("entity size checks alone", () =>
            {
                foreach (var e in entities)
                {
                    TableLimits.EnsureWithinLimits(e);
                }
            });

            entities.Clear();
            Phase("entities (ToEntity + size check)", () =>
            {
                foreach (var v in vacancies)
                {
                    var e = VacancyEntities.ToEntity(v);
                    TableLimits.EnsureWithinLimits(e);
                    entities.Add(e);
                }
            });

            var partitions = entities.Select(e => e.PartitionKey).Distinct().ToList();
            await PhaseAsync($"stored-row reads, one per employer, one after another ({partitions.Count})", async () =>
            {
                foreach (var partition in partitions)
                {
                    await foreach (var _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["PartitionKey", "RowKey"]))
                    {
                    }
                }
            });

            await PhaseAsync("raw batched writes (Add)", async () =>
                await TableBatchWriter.WriteAsync(table, entities.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), parallelism, CancellationToken.None));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static LedgerRowStream Open(Stream file, LedgerLimits limits)
    {
        var rows = LedgerReader.Open(file, limits);
        return LedgerSheet.Open(rows.Format, rows.Rows, LedgerSchemas.Vacancy, limits.MaxRows);
    }

    private static void Phase(string name, Action action) => PhaseAsync(name, () =>
    {
        action();
        return Task.CompletedTask;
    }).GetAwaiter().GetResult();

    private static async Task PhaseAsync(string name, Func<Task> action)
    {
        GC.Collect();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await action();
        watch.Stop();
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name}: {watch.Elapsed.TotalSeconds:0.00} s wall, {cpuUsed.TotalSeconds:0.00} s CPU, {bytes / 1024.0 / 1024.0:N0} MB allocated"));
    }
}
