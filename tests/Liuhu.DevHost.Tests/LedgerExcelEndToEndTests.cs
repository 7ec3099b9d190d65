using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Liuhu.Core.Ledgers;
using Liuhu.Testing;

namespace Liuhu.DevHost.Tests;

/// <summary>Excel both ways over real HTTP: a downloaded template filled in and uploaded, a legacy .xls ledger, and
/// the error workbook of rejected rows fixed and uploaded again.</summary>
[Collection(DevHostCollection.Name)]
public class LedgerExcelEndToEndTests(DevHostFixture host)
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    [Fact]
    public async Task VacancyTemplate_DownloadedAnonymouslyFilledAndUploaded_ZeroErrors()
    {
        var response = await host.Anonymous.GetAsync("/api/ledger-templates/vacancy");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(XlsxType, response.Content.Headers.ContentType!.MediaType);
        var template = await response.Content.ReadAsByteArrayAsync();

        var credit = TestData.NewCreditCode();
        var rows = new[] { ("T1", "光伏运维工程师"), ("T2", "储能工程师") }.Select(p => LedgerColumnGuides.For(LedgerSchemas.Vacancy).Select(g => g.Column.Field switch
        {
            "employerCreditCode" => credit,
            "postCode" => p.Item1,
            "title" => p.Item2,
            _ => g.Guide.Example,
        }).ToArray()).ToList();
        var status = await host.Client.UploadAndWaitAsync("/api/ledgers", XlsxBuilder.AppendRows(template, rows));

        Assert.Equal(("completed", 2, 0), (status.GetProperty("state").GetString(), status.GetProperty("rowsAccepted").GetInt32(), status.GetProperty("rowsRejected").GetInt32()));
        Assert.Empty(status.GetProperty("errors").EnumerateArray());
        Assert.Empty(status.GetProperty("warnings").EnumerateArray());
        var vacancy = await host.Client.GetFromJsonAsync<JsonElement>($"/api/vacancies/{credit}-PT2");
        Assert.Equal("储能工程师", vacancy.GetProperty("title").GetString());
    }

    [Fact]
    public async Task GraduateTemplate_FilledAndUploadedByBureau_ZeroErrors()
    {
        var template = await host.Client.GetByteArrayAsync("/api/ledger-templates/graduate");
        var studentNumber = "X" + Guid.NewGuid().ToString("N")[..8];
        var row = LedgerColumnGuides.For(LedgerSchemas.Graduate).Select(g => g.Column.Field == "graduateId" ? studentNumber : g.Guide.Example).ToArray();

        var status = await host.Client.UploadAndWaitAsync($"/api/graduate-ledgers?universityCode={TestData.UniversityCode}", XlsxBuilder.AppendRows(template, [row]));

        Assert.Equal((1, 0), (status.GetProperty("rowsAccepted").GetInt32(), status.GetProperty("rowsRejected").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, (await host.Anonymous.GetAsync("/api/ledger-templates/other")).StatusCode);
    }

    [Fact]
    public async Task XlsLedger_Uploaded_Ingested()
    {
        var credit = TestData.NewCreditCode();
        var xls = XlsBuilder.Build([
            (1, ["2024年用工台账（WPS）"]),
            (2, TestData.Header.Split(',')),
            (3, TestData.VacancyRow(credit, "化验员", postCode: "X1").Split(',')),
        ], sharedStrings: true);

        var status = await host.Client.UploadAndWaitAsync("/api/ledgers?fileName=old.xls", xls);

        Assert.Equal(1, status.GetProperty("rowsAccepted").GetInt32());
        var vacancy = await host.Client.GetFromJsonAsync<JsonElement>($"/api/vacancies/{credit}-PX1");
        Assert.Equal("化验员", vacancy.GetProperty("title").GetString());
    }

    [Fact]
    public async Task ErrorWorkbook_ExactlyTheRejectedRows_FixedAndUploadedAgainAccepted()
    {
        var credit = TestData.NewCreditCode();
        var employer = await host.OrganisationAsync("employer", credit);
        var status = await employer.Http.UploadAndWaitAsync("/api/ledgers", TestData.Csv(TestData.Header,
            TestData.VacancyRow(credit, "甲", postCode: "W1"),
            TestData.VacancyRow(credit, "乙", postCode: "W2", headcount: "若干"),
            TestData.VacancyRow(credit, "丙", postCode: "W3", description: "限男性"),
            TestData.VacancyRow(credit, "丁", postCode: "W4")));
        var ledgerId = status.GetProperty("ledgerId").GetString()!;
        var rejectedRows = status.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("row").GetInt32()).Distinct().Order().ToList();
        Assert.Equal([3, 4], rejectedRows);

        var response = await employer.Http.GetAsync($"/api/ledgers/{ledgerId}/errors.xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(XlsxType, response.Content.Headers.ContentType!.MediaType);
        var workbook = await response.Content.ReadAsByteArrayAsync();
        var rows = XlsxBuilder.ReadRows(workbook, ErrorWorkbook.SheetName);
        Assert.Equal([.. TestData.Header.Split(','), "错误原因"], rows[0]);
        Assert.Equal(["乙", "丙"], rows.Skip(1).Select(r => r[3]));
        Assert.Contains("招聘人数：", rows[1][^1], StringComparison.Ordinal);
        Assert.Contains("岗位职责：", rows[2][^1], StringComparison.Ordinal);

        // The workbook as downloaded reads back as the same ledger: the same two rows refused, 错误原因 no stranger.
        var unchanged = await employer.Http.UploadAndWaitAsync("/api/ledgers", workbook);
        Assert.Equal((0, 2), (unchanged.GetProperty("rowsAccepted").GetInt32(), unchanged.GetProperty("rowsRejected").GetInt32()));
        Assert.Empty(unchanged.GetProperty("warnings").EnumerateArray());

        // Fix both cells and upload again.
        var headcount = TestData.Header.Split(',').ToList().IndexOf("招聘人数");
        var description = TestData.Header.Split(',').ToList().IndexOf("岗位职责");
        var fixedRows = rows.Skip(1).Select(r => r[..^1].Select((cell, c) => c == headcount ? "2" : c == description ? "负责设备运维" : cell).ToArray()).ToList();
        var again = await employer.Http.UploadAndWaitAsync("/api/ledgers", XlsxBuilder.AppendRows(XlsxBuilder.Build([(1, rows[0])]), fixedRows));

        Assert.Equal((2, 0), (again.GetProperty("rowsAccepted").GetInt32(), again.GetProperty("rowsRejected").GetInt32()));
        Assert.Empty(again.GetProperty("warnings").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, (await employer.Http.GetAsync($"/api/vacancies/{credit}-PW3")).StatusCode);
        var none = await employer.Http.GetAsync($"/api/ledgers/{again.GetProperty("ledgerId").GetString()}/errors.xlsx");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }
}
