using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Queues;
using Liuhu.Core.Access;
using Liuhu.Core.Ingestion;
using Liuhu.Core.Storage;
using Liuhu.Testing;

namespace Liuhu.DevHost.Tests;

/// <summary>Ledgers and rows that used to break the service: storage limits hit by long values, messages the
/// host gives up on, and crowds writing the same partitions. Final state checked entity by entity.</summary>
[Collection(DevHostCollection.Name)]
public class LedgerEndToEndTests(DevHostFixture host)
{
    private StorageClients Storage => host.App.Services.GetRequiredService<StorageClients>();

    [Fact]
    public async Task PutGraduate_GenderFiveThousandCharacters_422NamingTheField()
    {
        var response = await host.Client.PutAsJsonAsync($"/api/graduates/{TestData.UniversityCode}-L{Guid.NewGuid():N}"[..30], new
        {
            degree = "本科", major = "软件工程", university = "内蒙古大学", consent = new { matching = true, shareWithEmployers = true }, gender = new string('男', 5_000),
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(("gender", "cell.too_long"), (error.GetProperty("column").GetString(), error.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task UploadLedger_ColumnPastBoundFarIntoTheFile_413ProblemNamingRowAndColumnNothingStored()
    {
        var credit = TestData.NewCreditCode();
        var lines = new List<string> { TestData.Header };
        lines.AddRange(Enumerable.Range(0, 2_000).Select(i => TestData.VacancyRow(credit, "岗位" + i, postCode: "P" + i)));
        lines.Add(TestData.VacancyRow(credit, "宽") + string.Concat(Enumerable.Repeat(",x", 300)));
        var uploads = Storage.Container(StorageNames.UploadsContainer);
        var before = await uploads.GetBlobsAsync().CountAsync();

        var response = await host.Client.PostAsync("/api/ledgers", new ByteArrayContent(TestData.Csv([.. lines])));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("file.too_many_columns", problem.GetProperty("code").GetString());
        Assert.Contains("第 2002 行第 257 列", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Row 2002 has a cell in column 257", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await uploads.GetBlobsAsync().CountAsync());
    }

    [Fact]
    public async Task UploadGraduateLedger_TenThousandCharacterCellInEachField_ThoseRowsRejectedNamingTheFieldOthersStoredFileDeleted()
    {
        var prefix = "X" + Guid.NewGuid().ToString("N")[..8];
        var headers = TestData.GraduateHeader.Split(',');
        var status = await host.Client.UploadAndWaitAsync($"/api/graduate-ledgers?universityCode={TestData.UniversityCode}", TestData.GraduateFileWithLongCellInEachColumn(prefix));

        Assert.Equal(("completed", 2, headers.Length), (status.GetProperty("state").GetString(), status.GetProperty("rowsAccepted").GetInt32(), status.GetProperty("rowsRejected").GetInt32()));
        var errors = status.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString(), e.GetProperty("code").GetString()));
        Assert.Equal(headers.Select((h, i) => (i + 3, (string?)h, (string?)"cell.too_long")), errors);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync($"/api/graduates/{TestData.UniversityCode}-{prefix}099")).StatusCode);
        Assert.False(await Storage.Container(StorageNames.UploadsContainer).GetBlobClient(status.GetProperty("ledgerId").GetString()).ExistsAsync());
    }

    [Fact]
    public async Task LedgerWhoseMessageIsPoisoned_FailedWithReadableReasonAndFileDeleted()
    {
        // A ledger whose processing fails on every delivery: its report blob is leased by someone else, so the
        // processor cannot write it. The host retries, moves the message to the poison queue, and the poison
        // handler fails the ledger.
        var university = await host.OrganisationAsync("university", "41" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture));
        var status = new LedgerStatus
        {
            LedgerId = Guid.NewGuid().ToString("N"), Kind = LedgerKind.Graduate, State = LedgerState.Queued, FileName = "g.csv",
            UploadedBy = university.OrganisationId, UploaderKind = OrganisationKind.University, Tenant = university.Code, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        };
        var upload = Storage.Container(StorageNames.UploadsContainer).GetBlobClient(status.LedgerId);
        await upload.UploadAsync(BinaryData.FromBytes(TestData.Csv(TestData.GraduateHeader, "P1,张三,13812345678,本科,软件工程,080902,内蒙古大学,2024,,,,,,,,是,是")));
        var report = Storage.Container(StorageNames.ReportsContainer).GetBlobClient(status.LedgerId + ".json");
        await report.UploadAsync(BinaryData.FromString("{}"));
        var lease = report.GetBlobLeaseClient();
        await lease.AcquireAsync(TimeSpan.FromSeconds(-1));
        try
        {
            await host.App.Services.GetRequiredService<ILedgerStore>().SaveStatusAsync(status, CancellationToken.None);
            var queue = new QueueClient(host.Azurite.ConnectionString, StorageNames.LedgerQueue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
            await queue.SendMessageAsync(JsonSerializer.Serialize(new LedgerMessage(status.LedgerId, LedgerKind.Graduate), JsonSerializerOptions.Web));

            JsonElement shown = default;
            for (var i = 0; i < 300 && shown.ValueKind == JsonValueKind.Undefined; i++)
            {
                var current = await university.Http.GetFromJsonAsync<JsonElement>($"/api/ledgers/{status.LedgerId}");
                if (current.GetProperty("state").GetString() == "failed")
                {
                    shown = current;
                }

                await Task.Delay(100);
            }

            Assert.Equal(JsonValueKind.Object, shown.ValueKind);
            var failure = shown.GetProperty("failure");
            Assert.Equal("ledger.processing_failed", failure.GetProperty("code").GetString());
            Assert.Contains("重新上传", failure.GetProperty("title").GetString(), StringComparison.Ordinal);
            Assert.Contains("Upload it again", failure.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.False(await upload.ExistsAsync());
            var stored = await host.App.Services.GetRequiredService<ILedgerStore>().GetStatusAsync(status.LedgerId, CancellationToken.None);
            Assert.Equal((LedgerState.Failed, 3), (stored!.State, stored.Attempts));
        }
        finally
        {
            await lease.ReleaseAsync();
        }
    }

    [Fact]
    public async Task UploadLedger_TwelveConcurrentUploadsOfOneLedger_EveryLedgerCompletedEveryPostOnce()
    {
        var credit = TestData.NewCreditCode();
        var file = TestData.Csv([TestData.Header, .. Enumerable.Range(0, 300).Select(i =>
            TestData.VacancyRow(credit, "岗位" + i, postCode: "K" + i, headcount: (i % 9 + 1).ToString(CultureInfo.InvariantCulture)))]);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => host.Client.UploadAndWaitAsync($"/api/ledgers?employerCreditCode={credit}", file)));

        Assert.All(statuses, s => Assert.Equal(("completed", 300, 0), (s.GetProperty("state").GetString(), s.GetProperty("rowsAccepted").GetInt32(), s.GetProperty("rowsRejected").GetInt32())));
        var ledgerIds = statuses.Select(s => s.GetProperty("ledgerId").GetString()).ToHashSet();
        var stored = new List<TableEntity>();
        await foreach (var e in Storage.Table(StorageNames.VacanciesTable).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {credit}")))
        {
            stored.Add(e);
        }

        Assert.Equal(Enumerable.Range(0, 300).Select(i => "PK" + i).Order(StringComparer.Ordinal), stored.Select(e => e.RowKey).Order(StringComparer.Ordinal));
        Assert.All(stored, e =>
        {
            var n = int.Parse(e.RowKey[2..], CultureInfo.InvariantCulture);
            Assert.Equal(("岗位" + n, n % 9 + 1, "Open", n + 2), (e.GetString("Title"), e.GetInt32("Headcount"), e.GetString("Status"), e.GetInt32("SourceRow")));
            Assert.Contains(e.GetString("LedgerId"), ledgerIds);
        });
    }

    [Fact]
    public async Task PostOutcomes_FiveConcurrentIdenticalBatches_EachEventStoredOnce()
    {
        var credit = TestData.NewCreditCode();
        var ledger = await host.Client.UploadAndWaitAsync($"/api/ledgers?employerCreditCode={credit}",
            TestData.Csv(TestData.Header, TestData.VacancyRow(credit, "甲", postCode: "O1"), TestData.VacancyRow(credit, "乙", postCode: "O2")));
        Assert.Equal(2, ledger.GetProperty("rowsAccepted").GetInt32());
        var graduateId = $"{TestData.UniversityCode}-O{Guid.NewGuid():N}"[..30];
        (await host.Client.PutAsJsonAsync($"/api/graduates/{graduateId}", new
        {
            degree = "本科", major = "软件工程", university = "内蒙古大学", consent = new { matching = true, shareWithEmployers = true },
        })).EnsureSuccessStatusCode();
        var events = new[] { ("O1", "applied"), ("O1", "interviewed"), ("O1", "hired"), ("O2", "applied"), ("O2", "rejected") };
        var batch = events.Select(e => new { graduateId, vacancyId = $"{credit}-P{e.Item1}", @event = e.Item2, at = "2024-05-01T09:30:00+08:00" }).ToArray();

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => host.Client.PostAsJsonAsync("/api/outcomes", batch)));

        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(events.Length, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recorded").GetInt32());
        }

        var stored = new List<TableEntity>();
        await foreach (var e in Storage.Table(StorageNames.OutcomesTable).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {graduateId}")))
        {
            stored.Add(e);
        }

        Assert.Equal(events.Select(e => $"{credit}-P{e.Item1}_{char.ToUpperInvariant(e.Item2[0])}{e.Item2[1..]}").Order(StringComparer.Ordinal), stored.Select(e => e.RowKey).Order(StringComparer.Ordinal));
        Assert.All(stored, e => Assert.Equal(new DateTimeOffset(2024, 5, 1, 1, 30, 0, TimeSpan.Zero), e.GetDateTimeOffset("At")));
    }
}
