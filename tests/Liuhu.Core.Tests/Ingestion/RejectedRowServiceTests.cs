using Liuhu.Core.Graduates;
using Liuhu.Core.Ingestion;
using Liuhu.Core.Ledgers;
using Liuhu.Core.Problems;
using Liuhu.Core.Storage;
using Liuhu.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Liuhu.Core.Tests.Ingestion;

[Collection(AzuriteCollection.Name)]
public class RejectedRowServiceTests(AzuriteFixture azurite)
{
    private const string GraduateHeader = "学号,姓名,手机号,学历,专业,毕业院校,同意匹配,同意向企业推荐";

    private static async Task<LedgerStatus> ProcessAsync(ServiceProvider services, LedgerKind kind, byte[] content)
    {
        var status = await services.GetRequiredService<LedgerUploadService>().SubmitAsync(kind, new MemoryStream(content), "t.csv", TestData.Bureau,
            kind == LedgerKind.Graduate ? TestData.UniversityCode : null, CancellationToken.None);
        await services.GetRequiredService<LedgerProcessor>().ProcessAsync(new LedgerMessage(status.LedgerId, kind), CancellationToken.None);
        return status;
    }

    [Fact]
    public async Task WorkbookAsync_VacancyLedger_OnlyRejectedRowsWithReasonsUnderUploadedHeader()
    {
        await using var services = await StorageTestHost.StartAsync(azurite);
        var credit = TestData.NewCreditCode();
        var status = await ProcessAsync(services, LedgerKind.Vacancy, TestData.Csv(TestData.Header,
            TestData.VacancyRow(credit, "甲", postCode: "A1"),
            TestData.VacancyRow(credit, "=1+1", headcount: "若干", description: "限男性"),
            TestData.VacancyRow(credit, "丙", postCode: "A3")));

        var workbook = await services.GetRequiredService<RejectedRowService>().WorkbookAsync(TestData.Bureau, status.LedgerId, CancellationToken.None);

        var rows = XlsxBuilder.ReadRows(workbook, ErrorWorkbook.SheetName);
        Assert.Equal([.. TestData.Header.Split(','), ErrorWorkbook.ReasonHeader], rows[0]);
        var rejected = Assert.Single(rows.Skip(1));
        Assert.Equal(TestData.VacancyRow(credit, "=1+1", headcount: "若干", description: "限男性").Split(','), rejected[..^1]);
        Assert.StartsWith("原第 3 行：", rejected[^1], StringComparison.Ordinal);
        Assert.Contains("招聘人数：", rejected[^1], StringComparison.Ordinal);
        Assert.Contains("岗位职责：", rejected[^1], StringComparison.Ordinal);

        // The formula-like title is a text cell, and the workbook reads back as a ledger without strangers.
        Assert.DoesNotContain("<f>", System.Text.Encoding.UTF8.GetString(Unzip(workbook)), StringComparison.Ordinal);
        var sheet = LedgerSheet.Locate(LedgerReader.Read(workbook, new LedgerLimits()), LedgerSchemas.Vacancy);
        Assert.Empty(sheet.Warnings);
    }

    [Fact]
    public async Task WorkbookAsync_GraduateLedger_StoredEncryptedThenGoneAfterRetention()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero));
        await using var services = await StorageTestHost.StartAsync(azurite, time);
        var status = await ProcessAsync(services, LedgerKind.Graduate, TestData.Csv(GraduateHeader,
            "G1,王小明,13800000001,本科,软件工程,内蒙古大学,是,是",
            "G2,李秘密,13800000002,小学,软件工程,内蒙古大学,是,是"));
        var rejects = services.GetRequiredService<RejectedRowService>();

        var stored = await services.GetRequiredService<StorageClients>().Container(StorageNames.RejectsContainer)
            .GetBlobClient(status.LedgerId + ".json").DownloadContentAsync();
        Assert.DoesNotContain("李秘密", stored.Value.Content.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("13800000002", stored.Value.Content.ToString(), StringComparison.Ordinal);
        var rows = XlsxBuilder.ReadRows(await rejects.WorkbookAsync(TestData.Bureau, status.LedgerId, CancellationToken.None), ErrorWorkbook.SheetName);
        Assert.Equal("李秘密", Assert.Single(rows.Skip(1))[1]);

        time.Advance(TimeSpan.FromDays(31));
        var gone = await Assert.ThrowsAsync<ProblemException>(() => rejects.WorkbookAsync(TestData.Bureau, status.LedgerId, CancellationToken.None));
        Assert.Equal((410, "ledger.rejected_rows_gone"), (gone.Problem.Status, gone.Problem.Code));
        Assert.Null(await services.GetRequiredService<IRejectedRowStore>().GetAsync(status.LedgerId, CancellationToken.None));
    }

    [Fact]
    public async Task PurgeExpiredAsync_PastRetention_DeletedWithoutARead()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero));
        await using var services = await StorageTestHost.StartAsync(azurite, time);
        var credit = TestData.NewCreditCode();
        var status = await ProcessAsync(services, LedgerKind.Vacancy, TestData.Csv(TestData.Header, TestData.VacancyRow(credit, "甲", headcount: "若干")));
        var store = services.GetRequiredService<IRejectedRowStore>();
        var rejects = services.GetRequiredService<RejectedRowService>();

        time.Advance(TimeSpan.FromDays(29));
        await rejects.PurgeExpiredAsync(CancellationToken.None);
        Assert.NotNull(await store.GetAsync(status.LedgerId, CancellationToken.None));

        time.Advance(TimeSpan.FromDays(2));
        Assert.True(await rejects.PurgeExpiredAsync(CancellationToken.None) >= 1);
        Assert.Null(await store.GetAsync(status.LedgerId, CancellationToken.None));
    }

    [Fact]
    public async Task EraseAsync_GraduateErasure_RowLeavesKeptRejectedRows()
    {
        await using var services = await StorageTestHost.StartAsync(azurite);
        var a = "E" + Guid.NewGuid().ToString("N")[..8];
        var b = "E" + Guid.NewGuid().ToString("N")[..8];
        var status = await ProcessAsync(services, LedgerKind.Graduate, TestData.Csv(GraduateHeader,
            $"{a},甲,13800000001,小学,软件工程,内蒙古大学,是,是",
            $"{b},乙,13800000002,小学,软件工程,内蒙古大学,是,是"));

        await services.GetRequiredService<GraduateErasure>().EraseAsync(GraduateIds.Compose(TestData.UniversityCode, a), CancellationToken.None);

        var (rows, _) = (await services.GetRequiredService<IRejectedRowStore>().GetAsync(status.LedgerId, CancellationToken.None))!.Value;
        Assert.Equal(b, Assert.Single(rows.Rows).Cells[0]);
        await services.GetRequiredService<GraduateErasure>().EraseAsync(GraduateIds.Compose(TestData.UniversityCode, b), CancellationToken.None);
        Assert.Null(await services.GetRequiredService<IRejectedRowStore>().GetAsync(status.LedgerId, CancellationToken.None));
    }

    [Fact]
    public async Task WorkbookAsync_NoRejectedRowsOrOtherCaller_Refused()
    {
        await using var services = await StorageTestHost.StartAsync(azurite);
        var credit = TestData.NewCreditCode();
        var status = await ProcessAsync(services, LedgerKind.Vacancy, TestData.Csv(TestData.Header, TestData.VacancyRow(credit, "甲")));
        var rejects = services.GetRequiredService<RejectedRowService>();

        var none = await Assert.ThrowsAsync<ProblemException>(() => rejects.WorkbookAsync(TestData.Bureau, status.LedgerId, CancellationToken.None));
        Assert.Equal("ledger.no_rejected_rows", none.Problem.Code);
        var stranger = new Liuhu.Core.Access.Caller("employer-x", Liuhu.Core.Access.OrganisationKind.Employer, TestData.NewCreditCode(), "cx");
        var hidden = await Assert.ThrowsAsync<ProblemException>(() => rejects.WorkbookAsync(stranger, status.LedgerId, CancellationToken.None));
        Assert.Equal("ledger.not_found", hidden.Problem.Code);
    }

    private static byte[] Unzip(byte[] xlsx)
    {
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(xlsx));
        using var sheet = zip.Entries.First(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)).Open();
        using var copy = new MemoryStream();
        sheet.CopyTo(copy);
        return copy.ToArray();
    }
}
