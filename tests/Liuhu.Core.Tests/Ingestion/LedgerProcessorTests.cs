using Azure.Data.Tables;
using Liuhu.Core.Domain;
using Liuhu.Core.Ingestion;
using Liuhu.Core.Storage;
using Liuhu.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Liuhu.Core.Tests.Ingestion;

[Collection(AzuriteCollection.Name)]
public class LedgerProcessorTests(AzuriteFixture azurite)
{
    private static async Task<LedgerStatus> UploadAsync(ServiceProvider services, LedgerKind kind, byte[] content) =>
        await services.GetRequiredService<LedgerUploadService>().SubmitAsync(kind, new MemoryStream(content), "t.csv", TestData.Bureau, kind == LedgerKind.Graduate ? TestData.UniversityCode : null, CancellationToken.None);

    [Fact]
    public async Task ProcessAsync_SameMessageTwice_SameState()
    {
        await using var services = await StorageTestHost.StartAsync(azurite);
        var credit = TestData.NewCreditCode();
        var status = await UploadAsync(services, LedgerKind.Vacancy, TestData.Csv(TestData.Header,
            TestData.VacancyRow(credit, "甲", postCode: "A1"), TestData.VacancyRow(credit, "乙"), TestData.VacancyRow(credit, "丙", description: "限男性")));
        var processor = services.GetRequiredService<LedgerProcessor>();
        var message = new LedgerMessage(status.LedgerId, LedgerKind.Vacancy);

        await processor.ProcessAsync(message, CancellationToken.None);
        var first = await ListAsync(services, credit);
        await processor.ProcessAsync(message, CancellationToken.None);
        var second = await ListAsync(services, credit);

        Assert.Equal(2, first.Count);
        Assert.Equal(first.Select(v => (v.VacancyId, v.UpdatedAt)), second.Select(v => (v.VacancyId, v.UpdatedAt)));
        var done = await services.GetRequiredService<ILedgerStore>().GetStatusAsync(status.LedgerId, CancellationToken.None);
        Assert.Equal((LedgerState.Completed, 3, 2, 1, 1), (done!.State, done.RowsTotal, done.RowsAccepted, done.RowsRejected, done.Attempts));
    }

    [Fact]
    public async Task ProcessAsync_StatusLeftProcessingByACrash_ReprocessedWithoutDuplicates()
    {
        await using var services = await StorageTestHost.StartAsync(azurite);
        var credit = TestData.NewCreditCode();
        var status = await UploadAsync(services, LedgerKind.Vacancy, TestData.Csv(TestData.Header, TestData.VacancyRow(credit, "甲"), TestData.VacancyRow(credit, "乙")));
        var processor = services.GetRequiredService<LedgerProcessor>();
        var ledgers = services.GetRequiredService<ILedgerStore>();
        await processor.ProcessAsync(new LedgerMessage(status.LedgerId, LedgerKind.Vacancy), CancellationToken.None);

        // As if the worker died after writing rows but before recording completion.
        await ledgers.SaveStatusAsync(status with { State = LedgerState.Processing }, CancellationToken.None);
        await processor.ProcessAsync(new LedgerMessage(status.LedgerId, LedgerKind.Vacancy), CancellationToken.None);

        Assert.Equal(2, (await ListAsync(services, credit)).Count);
        Assert.Equal(LedgerState.Completed, (await ledgers.GetStatusAsync(status.LedgerId, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task ProcessAsync_ReuploadedLedger_UpdatesPostsAndKeepsStatusAndFirstSeen()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero));
        await using var services = await StorageTestHost.StartAsync(azurite, time);
        var credit = TestData.NewCreditCode();
        var processor = services.GetRequiredService<LedgerProcessor>();
        var vacancies = services.GetRequiredService<IVacancyStore>();

        var first = await UploadAsync(services, LedgerKind.Vacancy, TestData.Csv(TestData.Header, TestData.VacancyRow(credit, "运维", postCode: "P1", headcount: "3")));
        await processor.ProcessAsync(new LedgerMessage(first.LedgerId, LedgerKind.Vacancy), CancellationToken.None);
        await vacancies.SetStatusAsync($"{credit}-PP1", VacancyStatus.Filled, time.GetUtcNow(), CancellationToken.None);

        time.Advance(TimeSpan.FromDays(10));
        var second = await UploadAsync(services, LedgerKind.Vacancy, TestData.Csv(TestData.Header, TestData.VacancyRow(credit, "运维工程师", postCode: "p1", headcount: "7")));
        await processor.ProcessAsync(new LedgerMessage(second.LedgerId, LedgerKind.Vacancy), CancellationToken.None);

        var stored = Assert.Single(await ListAsync(services, credit));
        Assert.Equal(("运维工程师", 7, VacancyStatus.Filled), (stored.Title, stored.Headcount, stored.Status));
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), stored.FirstSeenAt);
        Assert.Equal(second.LedgerId, stored.LedgerId);
    }

    [Fact]
    public async Task ProcessAsync_GraduateLedger_EncryptedAtRestAndFileDeleted()
    {
        await using var services = await StorageTestHost.StartAsync(azurite);
        var id = "T" + Guid.NewGuid().ToString("N")[..12];
        var status = await UploadAsync(services, LedgerKind.Graduate, TestData.Csv(
            "学号/编号,姓名,手机号,学历,专业,专业代码,毕业院校,同意匹配,同意向企业推荐",
            $"{id},王小明,13912345678,本科,软件工程,080902,内蒙古大学,是,是"));
        await services.GetRequiredService<LedgerProcessor>().ProcessAsync(new LedgerMessage(status.LedgerId, LedgerKind.Graduate), CancellationToken.None);
        var studentNumber = id;
        id = Liuhu.Core.Graduates.GraduateIds.Compose(TestData.UniversityCode, studentNumber);

        var raw = await services.GetRequiredService<StorageClients>().Table(StorageNames.GraduatesTable)
            .GetEntityAsync<TableEntity>(Liuhu.Core.Graduates.TableGraduateStore.PartitionOf(id), id);
        Assert.DoesNotContain(raw.Value, kv => kv.Value is string s && (s.Contains("王小明", StringComparison.Ordinal) || s.Contains("13912345678", StringComparison.Ordinal)));
        var profile = await services.GetRequiredService<Liuhu.Core.Graduates.IGraduateStore>().GetAsync(id, CancellationToken.None);
        Assert.Equal(("王小明", "13912345678"), (profile!.Name, profile.Phone));
        Assert.Null(await services.GetRequiredService<ILedgerStore>().GetUploadAsync(status.LedgerId, CancellationToken.None));
    }

    [Fact]
    public async Task ProcessAsync_Completed_CountsRowsInMetricsWithoutIds()
    {
        await using var services = await StorageTestHost.StartAsync(azurite);
        var metrics = services.GetRequiredService<Telemetry.LiuhuMetrics>();
        var recorded = new List<(string Instrument, long Value, string Tags)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument == metrics.RowsAccepted || instrument == metrics.RowsRejected || instrument == metrics.LedgersIngested)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            recorded.Add((instrument.Name, value, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        listener.Start();

        var credit = TestData.NewCreditCode();
        var status = await UploadAsync(services, LedgerKind.Vacancy, TestData.Csv(TestData.Header, TestData.VacancyRow(credit, "甲"), TestData.VacancyRow(credit, "乙", headcount: "x")));
        await services.GetRequiredService<LedgerProcessor>().ProcessAsync(new LedgerMessage(status.LedgerId, LedgerKind.Vacancy), CancellationToken.None);

        Assert.Contains(("liuhu.ledger.rows.accepted", 1L, "kind=Vacancy"), recorded);
        Assert.Contains(("liuhu.ledger.rows.rejected", 1L, "kind=Vacancy"), recorded);
        Assert.Contains(("liuhu.ledgers.ingested", 1L, "kind=Vacancy,state=completed"), recorded);
        Assert.DoesNotContain(recorded, r => r.Tags.Contains(status.LedgerId, StringComparison.Ordinal) || r.Tags.Contains(credit, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProcessAsync_GraduateFileWithTenThousandCharacterCellInEachField_ThoseRowsRejectedOthersStoredFileDeleted()
    {
        await using var services = await StorageTestHost.StartAsync(azurite);
        var prefix = "H" + Guid.NewGuid().ToString("N")[..8];
        var headers = TestData.GraduateHeader.Split(',');
        var status = await UploadAsync(services, LedgerKind.Graduate, TestData.GraduateFileWithLongCellInEachColumn(prefix));
        var processor = services.GetRequiredService<LedgerProcessor>();
        await processor.ProcessAsync(new LedgerMessage(status.LedgerId, LedgerKind.Graduate), CancellationToken.None);

        var ledgers = services.GetRequiredService<ILedgerStore>();
        var done = await ledgers.GetStatusAsync(status.LedgerId, CancellationToken.None);
        Assert.Equal((LedgerState.Completed, 2, headers.Length), (done!.State, done.RowsAccepted, done.RowsRejected));
        var report = await ledgers.GetReportAsync(status.LedgerId, CancellationToken.None);
        Assert.Equal(headers.Select((h, i) => (i + 3, h, "cell.too_long")), report.Errors.Select(e => (e.Row!.Value, e.Column!, e.Code)));
        Assert.Null(await ledgers.GetUploadAsync(status.LedgerId, CancellationToken.None));
        var store = services.GetRequiredService<Liuhu.Core.Graduates.IGraduateStore>();
        foreach (var stored in new[] { 0, 99 })
        {
            Assert.NotNull(await store.GetAsync($"{TestData.UniversityCode}-{prefix}{stored:D3}", CancellationToken.None));
        }
    }

    [Fact]
    public async Task UpsertAsync_GraduateWithEveryFieldAtItsLimit_Stored()
    {
        await using var services = await StorageTestHost.StartAsync(azurite);
        var id = $"{TestData.UniversityCode}-{Guid.NewGuid():N}"[..40];
        var items = Enumerable.Range(0, Liuhu.Core.Graduates.GraduateFields.MaxListItems).Select(i => new string('技', 36) + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var profile = Liuhu.Core.Graduates.GraduateService.Parse(id, System.Text.Json.JsonSerializer.SerializeToElement(new
        {
            name = new string('名', 50), phone = "13812345678", degree = "本科", major = new string('专', 100), university = new string('校', 100),
            consent = new { matching = true, shareWithEmployers = true }, gender = new string('男', 20), ethnicity = new string('汉', 20),
            skills = items, certificates = items, expectedSalary = "6000", residency = "外地",
        }), DateTimeOffset.UnixEpoch);

        var store = services.GetRequiredService<Liuhu.Core.Graduates.IGraduateStore>();
        await store.UpsertAsync(profile, CancellationToken.None);

        Assert.Equal(items, (await store.GetAsync(id, CancellationToken.None))!.Certificates);
    }

    [Fact]
    public async Task FailPoisonedAsync_LedgerStillProcessing_FailedWithReadableReasonAndFileDeleted()
    {
        await using var services = await StorageTestHost.StartAsync(azurite);
        var status = await UploadAsync(services, LedgerKind.Graduate, TestData.Csv(TestData.GraduateHeader, "P1,张三,13812345678,本科,软件工程,080902,内蒙古大学,2024,,,,,,,,是,是"));
        var ledgers = services.GetRequiredService<ILedgerStore>();
        await ledgers.SaveStatusAsync(status with { State = LedgerState.Processing, Attempts = 5 }, CancellationToken.None);

        await services.GetRequiredService<LedgerProcessor>().FailPoisonedAsync(new LedgerMessage(status.LedgerId, LedgerKind.Graduate), CancellationToken.None);

        var failed = await ledgers.GetStatusAsync(status.LedgerId, CancellationToken.None);
        Assert.Equal((LedgerState.Failed, "ledger.processing_failed"), (failed!.State, failed.Failure!.Code));
        Assert.Contains("重新上传", failed.Failure.Title, StringComparison.Ordinal);
        Assert.Contains("upload it again", failed.Failure.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Null(await ledgers.GetUploadAsync(status.LedgerId, CancellationToken.None));
    }

    [Fact]
    public async Task FailPoisonedAsync_LedgerCompletedMeanwhile_LeftCompleted()
    {
        await using var services = await StorageTestHost.StartAsync(azurite);
        var status = await UploadAsync(services, LedgerKind.Vacancy, TestData.Csv(TestData.Header, TestData.VacancyRow(TestData.NewCreditCode(), "甲")));
        var processor = services.GetRequiredService<LedgerProcessor>();
        var message = new LedgerMessage(status.LedgerId, LedgerKind.Vacancy);
        await processor.ProcessAsync(message, CancellationToken.None);

        await processor.FailPoisonedAsync(message, CancellationToken.None);

        Assert.Equal(LedgerState.Completed, (await services.GetRequiredService<ILedgerStore>().GetStatusAsync(status.LedgerId, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task ProcessAsync_DeliveredAfterTheRetryWindow_FailedAsReportedAndFileDeleted()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero));
        await using var services = await StorageTestHost.StartAsync(azurite, time);
        var credit = TestData.NewCreditCode();
        var status = await UploadAsync(services, LedgerKind.Vacancy, TestData.Csv(TestData.Header, TestData.VacancyRow(credit, "甲")));
        time.Advance(TimeSpan.FromMinutes(new Liuhu.Core.Ledgers.LedgerLimits().MaxProcessingMinutes + 1));

        await services.GetRequiredService<LedgerProcessor>().ProcessAsync(new LedgerMessage(status.LedgerId, LedgerKind.Vacancy), CancellationToken.None);

        var ledgers = services.GetRequiredService<ILedgerStore>();
        Assert.Equal("ledger.timed_out", (await ledgers.GetStatusAsync(status.LedgerId, CancellationToken.None))!.Failure!.Code);
        Assert.Null(await ledgers.GetUploadAsync(status.LedgerId, CancellationToken.None));
        Assert.Empty(await ListAsync(services, credit));
    }

    [Fact]
    public async Task ProcessAsync_TwelveConcurrentUploadsOfOneLedger_AllCompletedEveryPostOnce()
    {
        await using var services = await StorageTestHost.StartAsync(azurite);
        var credit = TestData.NewCreditCode();
        var file = TestData.Csv([TestData.Header, .. Enumerable.Range(0, 300).Select(i => TestData.VacancyRow(credit, "岗位" + i, postCode: "C" + i, headcount: (i % 7 + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)))]);
        var statuses = new List<LedgerStatus>();
        for (var i = 0; i < 12; i++)
        {
            statuses.Add(await UploadAsync(services, LedgerKind.Vacancy, file));
        }

        var processor = services.GetRequiredService<LedgerProcessor>();
        await Task.WhenAll(statuses.Select(s => Task.Run(() => processor.ProcessAsync(new LedgerMessage(s.LedgerId, LedgerKind.Vacancy), CancellationToken.None))));

        var ledgers = services.GetRequiredService<ILedgerStore>();
        foreach (var s in statuses)
        {
            var done = await ledgers.GetStatusAsync(s.LedgerId, CancellationToken.None);
            Assert.Equal((LedgerState.Completed, 300, 1), (done!.State, done.RowsAccepted, done.Attempts));
        }

        var table = services.GetRequiredService<StorageClients>().Table(StorageNames.VacanciesTable);
        var stored = new List<TableEntity>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {credit}")))
        {
            stored.Add(e);
        }

        Assert.Equal(Enumerable.Range(0, 300).Select(i => "PC" + i).Order(StringComparer.Ordinal), stored.Select(e => e.RowKey).Order(StringComparer.Ordinal));
        Assert.All(stored, e =>
        {
            var n = int.Parse(e.RowKey[2..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(("岗位" + n, n % 7 + 1, "Open"), (e.GetString("Title"), e.GetInt32("Headcount"), e.GetString("Status")));
            Assert.Contains(e.GetString("LedgerId"), statuses.Select(s => s.LedgerId));
        });
    }

    private static async Task<List<Vacancy>> ListAsync(ServiceProvider services, string credit)
    {
        var page = await services.GetRequiredService<IVacancyStore>().ListAsync(new VacancyQuery(null, null, credit, null, 100, null), CancellationToken.None);
        return page.Items.OrderBy(v => v.VacancyId, StringComparer.Ordinal).ToList();
    }
}
