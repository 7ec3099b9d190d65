using Azure.Data.Tables;
using Liuhu.Core.Domain;
using Liuhu.Core.Ingestion;
using Liuhu.Core.Ledgers;
using Liuhu.Core.Problems;
using Liuhu.Core.Storage;
using Liuhu.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Liuhu.Core.Tests.Ingestion;

/// <summary>A ledger read and stored row by row ends as the whole-file path would have left it, whatever order its
/// employers come in; a file that breaks a bound part-way is refused with the row; nothing is half stored.</summary>
[Collection(AzuriteCollection.Name)]
public class LedgerStreamingTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Employers interleaved row by row (so batches must wait to fill), with rejected rows, a duplicate
    /// and a notes row among them.</summary>
    private static (byte[] File, string[] Credits) InterleavedLedger(int rows, int employers)
    {
        var credits = Enumerable.Range(0, employers).Select(_ => TestData.NewCreditCode()).ToArray();
        var lines = new List<string> { "2024年岗位台账", TestData.Header };
        for (var i = 0; i < rows; i++)
        {
            var credit = credits[i % employers];
            lines.Add(i % 97 == 5 ? TestData.VacancyRow(credit, "坏" + i, postCode: "P" + i, headcount: "很多")
                : i == 40 ? TestData.VacancyRow(credits[0], "重复", postCode: "P0")
                : TestData.VacancyRow(credit, "岗位" + i, postCode: "P" + i, description: "职责" + i));
            if (i == rows / 2)
            {
                lines.Add("备注：以下岗位为第二批");
            }
        }

        return (TestData.Csv([.. lines]), credits);
    }

    [Fact]
    public async Task ProcessAsync_LargeInterleavedLedger_StoresWhatTheWholeFileReadGives()
    {
        await using var services = await StorageTestHost.StartAsync(azurite, new FakeTimeProvider(Now));
        var (file, credits) = InterleavedLedger(2_500, 30);
        var status = await services.GetRequiredService<LedgerUploadService>()
            .SubmitAsync(LedgerKind.Vacancy, new MemoryStream(file), "big.csv", TestData.Bureau, null, CancellationToken.None);
        await services.GetRequiredService<LedgerProcessor>().ProcessAsync(new LedgerMessage(status.LedgerId, LedgerKind.Vacancy), CancellationToken.None);

        // What the rows come to when the file is read whole, validated and deduplicated in one list.
        var sheet = LedgerSheet.Locate(LedgerReader.Read(file, new LedgerLimits()), LedgerSchemas.Vacancy);
        var expected = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        var rejected = 0;
        foreach (var row in sheet.Rows)
        {
            var outcome = VacancyRowValidator.Validate(sheet, row, status.LedgerId, Now, new LedgerLimits());
            if (outcome.Value is { } v && !expected.ContainsKey(v.VacancyId))
            {
                expected[v.VacancyId] = VacancyEntities.ToEntity(v);
            }
            else
            {
                rejected++;
            }
        }

        var stored = await StoredAsync(services, credits);
        Assert.Equal(expected.Keys.Order(), stored.Keys.Order());
        foreach (var (id, entity) in expected)
        {
            foreach (var (name, value) in entity.Where(p => p.Key is not ("odata.etag" or "Timestamp")))
            {
                Assert.Equal(value?.ToString(), stored[id].TryGetValue(name, out var got) ? got?.ToString() : null);
            }
        }

        var ledgers = services.GetRequiredService<ILedgerStore>();
        var done = (await ledgers.GetStatusAsync(status.LedgerId, CancellationToken.None))!;
        Assert.Equal((LedgerState.Completed, sheet.Rows.Count, expected.Count, rejected), (done.State, done.RowsTotal, done.RowsAccepted, done.RowsRejected));
        var report = await ledgers.GetReportAsync(status.LedgerId, CancellationToken.None);
        Assert.Contains(report.Warnings, w => w.Code == "row.notes_skipped");
        Assert.Contains(report.Errors, e => e.Code == "row.duplicate");
        var kept = (await services.GetRequiredService<IRejectedRowStore>().GetAsync(status.LedgerId, CancellationToken.None))!.Value.Rows;
        Assert.Equal(rejected, kept.Rows.Count);
        Assert.Equal(report.Errors.Select(e => e.Row).Distinct(), kept.Rows.Select(r => (int?)r.Number));
    }

    [Fact]
    public async Task ProcessAsync_SameLargeLedgerDeliveredTwice_SameRowsAndStatusKept()
    {
        var time = new FakeTimeProvider(Now);
        await using var services = await StorageTestHost.StartAsync(azurite, time);
        var (file, credits) = InterleavedLedger(1_200, 12);
        var status = await services.GetRequiredService<LedgerUploadService>()
            .SubmitAsync(LedgerKind.Vacancy, new MemoryStream(file), "big.csv", TestData.Bureau, null, CancellationToken.None);
        var processor = services.GetRequiredService<LedgerProcessor>();
        var ledgers = services.GetRequiredService<ILedgerStore>();
        await processor.ProcessAsync(new LedgerMessage(status.LedgerId, LedgerKind.Vacancy), CancellationToken.None);
        var first = await StoredAsync(services, credits);
        var closed = first.Keys.Order(StringComparer.Ordinal).First();
        await services.GetRequiredService<IVacancyStore>().SetStatusAsync(closed, VacancyStatus.Filled, time.GetUtcNow(), CancellationToken.None);

        // The queue delivers again after the worker died before recording completion.
        time.Advance(TimeSpan.FromMinutes(1));
        await ledgers.SaveStatusAsync((await ledgers.GetStatusAsync(status.LedgerId, CancellationToken.None))! with { State = LedgerState.Processing }, CancellationToken.None);
        await processor.ProcessAsync(new LedgerMessage(status.LedgerId, LedgerKind.Vacancy), CancellationToken.None);

        var second = await StoredAsync(services, credits);
        Assert.Equal(first.Keys.Order(), second.Keys.Order());
        Assert.Equal(nameof(VacancyStatus.Filled), second[closed].GetString("Status"));
        Assert.All(second, p => Assert.Equal(first[p.Key].GetDateTimeOffset("FirstSeenAt"), p.Value.GetDateTimeOffset("FirstSeenAt")));
        var done = (await ledgers.GetStatusAsync(status.LedgerId, CancellationToken.None))!;
        Assert.Equal((LedgerState.Completed, first.Count, 2), (done.State, done.RowsAccepted, done.Attempts));
    }

    [Fact]
    public async Task ProcessAsync_BoundLoweredAfterUpload_FailsWithNoRowStored()
    {
        var (file, credits) = InterleavedLedger(400, 8);
        string ledgerId;
        await using (var uploading = await StorageTestHost.StartAsync(azurite))
        {
            ledgerId = (await uploading.GetRequiredService<LedgerUploadService>()
                .SubmitAsync(LedgerKind.Vacancy, new MemoryStream(file), "big.csv", TestData.Bureau, null, CancellationToken.None)).LedgerId;
        }

        // The row limit is lowered (a new deployment) while the ledger waits in the queue: its rows past the new
        // limit are found only far into the file, after the first rows could have been written.
        await using var services = await StorageTestHost.StartAsync(azurite, settings: new Dictionary<string, string?> { ["Ledgers:MaxRows"] = "300" });
        await services.GetRequiredService<LedgerProcessor>().ProcessAsync(new LedgerMessage(ledgerId, LedgerKind.Vacancy), CancellationToken.None);

        var done = (await services.GetRequiredService<ILedgerStore>().GetStatusAsync(ledgerId, CancellationToken.None))!;
        Assert.Equal((LedgerState.Failed, "file.too_many_rows"), (done.State, done.Failure?.Code));
        Assert.Empty(await StoredAsync(services, credits));
    }

    [Fact]
    public async Task SubmitAsync_ValidLedger_RecordsWhatWasChecked()
    {
        await using var services = await StorageTestHost.StartAsync(azurite);
        var (file, _) = InterleavedLedger(50, 3);

        var status = await services.GetRequiredService<LedgerUploadService>()
            .SubmitAsync(LedgerKind.Vacancy, new MemoryStream(file), "small.csv", TestData.Bureau, null, CancellationToken.None);

        var stored = (await services.GetRequiredService<ILedgerStore>().GetStatusAsync(status.LedgerId, CancellationToken.None))!;
        Assert.Equal(status.CheckedAs, stored.CheckedAs);
        Assert.StartsWith(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(file)) + ":", stored.CheckedAs, StringComparison.Ordinal);

        // Hashed while copying, it must read as the queue handler's fingerprint of the same bytes, or every ledger
        // would be read through twice.
        var limits = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LedgerLimits>>().Value;
        Assert.Equal(await LedgerFiles.FingerprintAsync(new MemoryStream(file), limits, CancellationToken.None), stored.CheckedAs);
    }

    [Fact]
    public async Task ProcessAsync_StoredFileNotTheOneChecked_ReadThroughFirstAndFailsWithNoRowStored()
    {
        await using var services = await StorageTestHost.StartAsync(azurite);
        var (file, credits) = InterleavedLedger(400, 8);
        var status = await services.GetRequiredService<LedgerUploadService>()
            .SubmitAsync(LedgerKind.Vacancy, new MemoryStream(file), "big.csv", TestData.Bureau, null, CancellationToken.None);

        // The stored bytes differ from those checked at upload (limits unchanged): a quote left open at the very
        // end, found only after every row could have been written.
        var broken = file.Concat(System.Text.Encoding.UTF8.GetBytes("\"未闭合的引号")).ToArray();
        await services.GetRequiredService<StorageClients>().Container(StorageNames.UploadsContainer)
            .GetBlobClient(status.LedgerId).UploadAsync(new BinaryData(broken), overwrite: true);
        await services.GetRequiredService<LedgerProcessor>().ProcessAsync(new LedgerMessage(status.LedgerId, LedgerKind.Vacancy), CancellationToken.None);

        var done = (await services.GetRequiredService<ILedgerStore>().GetStatusAsync(status.LedgerId, CancellationToken.None))!;
        Assert.Equal(LedgerState.Failed, done.State);
        Assert.Empty(await StoredAsync(services, credits));
    }

    [Fact]
    public async Task SubmitAsync_CellPastBoundFarIntoFile_RefusedWithRowAndColumnAndNothingStored()
    {
        await using var services = await StorageTestHost.StartAsync(azurite);
        var credit = TestData.NewCreditCode();
        var lines = new List<string> { TestData.Header };
        lines.AddRange(Enumerable.Range(0, 3_000).Select(i => TestData.VacancyRow(credit, "岗位" + i, postCode: "P" + i)));
        lines.Add(TestData.VacancyRow(credit, "长", description: new string('长', 40_000)));
        var uploads = services.GetRequiredService<StorageClients>().Container(StorageNames.UploadsContainer);
        var before = await uploads.GetBlobsAsync().CountAsync();

        var ex = await Assert.ThrowsAsync<ProblemException>(() => services.GetRequiredService<LedgerUploadService>()
            .SubmitAsync(LedgerKind.Vacancy, new MemoryStream(TestData.Csv([.. lines])), "long.csv", TestData.Bureau, null, CancellationToken.None));

        Assert.Equal((413, "file.cell_too_long"), (ex.Problem.Status, ex.Problem.Code));
        Assert.Contains("Row 3002, column 10", ex.Problem.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await uploads.GetBlobsAsync().CountAsync());
    }

    [Fact]
    public async Task SubmitAsync_BodyPastSizeLimit_RefusedWhileReading()
    {
        await using var services = await StorageTestHost.StartAsync(azurite, settings: new Dictionary<string, string?> { ["Ledgers:MaxUploadBytes"] = "100000" });
        var credit = TestData.NewCreditCode();
        var body = new EndlessCsv(TestData.Csv(TestData.Header), TestData.Csv(TestData.VacancyRow(credit, "岗位")));

        var ex = await Assert.ThrowsAsync<ProblemException>(() => services.GetRequiredService<LedgerUploadService>()
            .SubmitAsync(LedgerKind.Vacancy, body, "endless.csv", TestData.Bureau, null, CancellationToken.None));

        Assert.Equal("file.too_large", ex.Problem.Code);
        Assert.True(body.Served < 200_000, $"read {body.Served} bytes of a body that never ends");
    }

    private static async Task<Dictionary<string, TableEntity>> StoredAsync(ServiceProvider services, IEnumerable<string> credits)
    {
        var table = services.GetRequiredService<StorageClients>().Table(StorageNames.VacanciesTable);
        var stored = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        foreach (var credit in credits)
        {
            await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {credit}")))
            {
                stored[$"{e.PartitionKey}-{e.RowKey}"] = e;
            }
        }

        return stored;
    }

    /// <summary>A request body that never ends: a header, then the same row over and over.</summary>
    private sealed class EndlessCsv(byte[] header, byte[] row) : Stream
    {
        public long Served { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Served; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var source = Served < header.Length ? header.AsSpan((int)Served) : row.AsSpan((int)((Served - header.Length) % row.Length));
            var n = Math.Min(count, source.Length);
            source[..n].CopyTo(buffer.AsSpan(offset, n));
            Served += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
