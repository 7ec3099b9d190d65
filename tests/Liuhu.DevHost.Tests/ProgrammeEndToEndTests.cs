using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ExcelDataReader;
using Liuhu.Core.Catalogues;
using Liuhu.Core.Ledgers;
using Liuhu.Core.Programme;
using Liuhu.Testing;

namespace Liuhu.DevHost.Tests;

/// <summary>The bureau's month over real HTTP: 就业去向 recorded by universities and districts (file and API),
/// activity figures entered by the units responsible, progress by route and 来呼/回呼/留呼, a month closed and
/// served unchanged, and its report read back as a workbook. Each test registers a university of its own with
/// a unique name, so its figures can be read exactly from the by-university breakdown; the collection runs its
/// tests one at a time, so the changes in the city-wide figures between two rebuilds are this test's.</summary>
[Collection(DevHostCollection.Name)]
public class ProgrammeEndToEndTests(DevHostFixture host)
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static readonly Period Month = DevHostFixture.ProgrammeMonth;

    private HttpClient Client => host.Client;

    private static string Day(int day) => Month.Start.AddDays(day - 1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string NewUniversityCode() => "41" + Random.Shared.NextInt64(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<(OrganisationClient University, string Name)> UniversityAsync()
    {
        var code = NewUniversityCode();
        var name = "测试大学" + code;
        return (await host.OrganisationAsync("university", code, name), name);
    }

    private async Task<JsonElement> RebuildAsync() =>
        (await (await Client.PostAsync("/api/manage/programme/progress", null)).Content.ReadFromJsonAsync<JsonElement>())!;

    private static int Count(JsonElement progress, string breakdown, string key, string keyProperty = "name") =>
        progress.GetProperty(breakdown).EnumerateArray().Where(e => e.GetProperty(keyProperty).GetString() == key).Select(e => e.GetProperty("count").GetInt32()).SingleOrDefault();

    private static Dictionary<string, int> Counts(JsonElement progress, string breakdown, string keyProperty) =>
        progress.GetProperty(breakdown).EnumerateArray().ToDictionary(e => e.GetProperty(keyProperty).GetString()!, e => e.GetProperty("count").GetInt32());

    private static ByteArrayContent File(params string[] lines) => new(TestData.Csv(lines));

    private const string Header = "毕业生编号,就业渠道,就业日期,工作地点,所属产业集群,户籍情况,是否驻呼高校毕业";

    [Fact]
    public async Task EmploymentTemplate_FilledAndImportedByUniversity_ZeroErrors()
    {
        var (university, _) = await UniversityAsync();
        var template = await university.Http.GetByteArrayAsync("/api/ledger-templates/employment");
        var row = LedgerColumnGuides.For(EmploymentSchema.Columns).Select(g => g.Column.Field switch
        {
            "graduateId" => "T" + Guid.NewGuid().ToString("N")[..8],
            "employedOn" => Day(3),
            _ => g.Guide.Example,
        }).ToArray();

        var response = await university.Http.PostAsync("/api/employment-records/file", new ByteArrayContent(XlsxBuilder.AppendRows(template, [row])));

        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((1, 1, 0), (report.GetProperty("rows").GetInt32(), report.GetProperty("recorded").GetInt32(), report.GetProperty("errors").GetArrayLength()));
        Assert.Equal(0, report.GetProperty("warnings").GetArrayLength());
    }

    [Fact]
    public async Task ImportEmploymentFile_EveryRoute_EachGraduateCountedOnceByFirstRouteAndOrigin()
    {
        var (university, name) = await UniversityAsync();
        var district = await host.OrganisationAsync("district", "wuchuan");
        var elsewhere = "9" + Random.Shared.NextInt64(1_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var before = await RebuildAsync();

        // A university's 就业去向 list: its own student numbers, every route, one graduate twice on later days,
        // one twice on the same day, a route nobody knows and another university's graduate.
        string[] universityFile =
        [
            Header,
            $"S1,签约就业,{Day(3)},新城区,新能源,,",
            $"S1,灵活就业,{Day(9)},新城区,,,",
            $"S2,事业单位,{Day(4)},赛罕区,,,",
            $"S3,三支一扶,{Day(4)},武川县,,,",
            $"S4,西部计划,{Day(5)},,,,",
            $"S5,民生志愿,{Day(5)},,,,",
            $"S6,见习,{Day(6)},回民区,现代服务业,,",
            $"S7,灵活就业,{Day(6)},,,,",
            $"S8,自主创业,{Day(7)},玉泉区,,,",
            $"S9,西部计划,{Day(8)},,,,",
            $"S9,三支一扶,{Day(8)},,,,",
            $"S10,外出打工,{Day(8)},,,,",
            $"{NewUniversityCode()}-S11,签约就业,{Day(8)},,,,",
        ];

        var response = await university.Http.PostAsync("/api/employment-records/file", File(universityFile));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(13, report.GetProperty("rows").GetInt32());
        Assert.Equal(11, report.GetProperty("recorded").GetInt32());
        var errors = report.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(["route.invalid", "graduate.out_of_scope"], errors.Select(e => e.GetProperty("code").GetString()));
        Assert.Equal([13, 14], errors.Select(e => e.GetProperty("row").GetInt32()));
        Assert.All(errors, e => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", e.GetProperty("message").GetString()!));

        // A district's list: graduates of a university elsewhere working in the district: 回呼, 来呼, unknown;
        // and one working in another district, which is not the district's to record.
        var districtResponse = await district.Http.PostAsync("/api/employment-records/file", File(
            Header,
            $"{elsewhere}-D1,签约就业,{Day(2)},武川县,新能源,呼和浩特户籍,否",
            $"{elsewhere}-D2,签约就业,{Day(2)},武川县,新能源,外地,否",
            $"{elsewhere}-D3,灵活就业,{Day(2)},武川县,,,否",
            $"{elsewhere}-D4,签约就业,{Day(2)},新城区,,外地,否"));
        var districtReport = await districtResponse.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, districtReport.GetProperty("recorded").GetInt32());
        Assert.Equal("district.out_of_scope", districtReport.GetProperty("errors")[0].GetProperty("code").GetString());

        var after = await RebuildAsync();
        Assert.Equal(before.GetProperty("hired").GetInt32() + 12, after.GetProperty("hired").GetInt32());
        Assert.Equal(9, Count(after, "byUniversity", name));
        Assert.Equal(3, Count(after, "byUniversity", elsewhere));
        var routes = Counts(after, "byRoute", "code");
        var routesBefore = Counts(before, "byRoute", "code");
        var expected = new Dictionary<string, int>
        {
            // S1 once, by its first route; S9 once, by 三支一扶 (listed before 西部计划); D1, D2 signed; D3 flexible.
            ["signed"] = 3, ["public_sector"] = 1, ["sanzhi_yifu"] = 2, ["western_volunteer"] = 1, ["livelihood_volunteer"] = 1,
            ["traineeship"] = 1, ["flexible"] = 2, ["self_employed"] = 1,
        };
        Assert.Equal(expected, routes.ToDictionary(r => r.Key, r => r.Value - routesBefore[r.Key]));
        var origins = Counts(after, "byOrigin", "code");
        var originsBefore = Counts(before, "byOrigin", "code");
        Assert.Equal(new Dictionary<string, int> { ["stay"] = 9, ["return"] = 1, ["come"] = 1, ["unknown"] = 1 },
            origins.ToDictionary(o => o.Key, o => o.Value - originsBefore[o.Key]));
        Assert.Equal(Count(before, "byMonth", Month.ToString()) + 12, Count(after, "byMonth", Month.ToString()));

        // The same file again: recorded again, counted once.
        var again = await (await university.Http.PostAsync("/api/employment-records/file", File(universityFile))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(11, again.GetProperty("recorded").GetInt32());
        var repeated = await RebuildAsync();
        Assert.Equal(after.GetProperty("hired").GetInt32(), repeated.GetProperty("hired").GetInt32());
        Assert.Equal(9, Count(repeated, "byUniversity", name));
    }

    [Fact]
    public async Task ImportEmploymentFile_AskingForXlsx_ErrorWorkbookHoldsOnlyRejectedRowsWithReasons()
    {
        var (university, _) = await UniversityAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/employment-records/file")
        {
            Content = File(Header, $"E1,签约就业,{Day(2)},,,,", $"E2,,{Day(2)},,,,", $"E3,签约就业,2019-01-01,,,,", $"E4,签约就业,{Day(2)},火星,,,"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(XlsxType));

        var response = await university.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(XlsxType, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("1", response.Headers.GetValues("X-Liuhu-Recorded").Single());
        var rows = XlsxBuilder.ReadRows(await response.Content.ReadAsByteArrayAsync(), Liuhu.Core.Ledgers.ErrorWorkbook.SheetName);
        Assert.Equal("错误原因", rows[0][^1]);
        Assert.Equal(["E2", "E3", "E4"], rows.Skip(1).Select(r => r[0]));
        Assert.Contains("就业渠道", rows[1][^1], StringComparison.Ordinal);
        Assert.Contains("年度", rows[2][^1], StringComparison.Ordinal);
        Assert.Contains("工作地点", rows[3][^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordEmployment_OneByOne_ScopedAndErasureKeepsTheCount()
    {
        var (university, name) = await UniversityAsync();
        var other = NewUniversityCode();
        var graduateId = $"{university.Code}-R1";
        (await university.Http.PutAsJsonAsync($"/api/graduates/{graduateId}", new { degree = "本科", major = "软件工程", university = name, residency = "外地", consent = new { matching = true, shareWithEmployers = true } })).EnsureSuccessStatusCode();

        var recorded = await university.Http.PostAsJsonAsync("/api/employment-records", new { graduateId = "R1", route = "signed", employedOn = Day(10), district = "saihan" });
        var foreign = await university.Http.PostAsJsonAsync("/api/employment-records", new { graduateId = $"{other}-R2", route = "signed", employedOn = Day(10) });
        var future = await university.Http.PostAsJsonAsync("/api/employment-records", new { graduateId = "R3", route = "signed", employedOn = DateTimeOffset.UtcNow.AddDays(3).ToString("yyyy-MM-dd") });
        var district = await (await host.OrganisationAsync("district", "togtoh")).Http.PostAsJsonAsync("/api/employment-records", new { graduateId, route = "flexible", employedOn = Day(1) });

        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        var body = await recorded.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(graduateId, body.GetProperty("graduateId").GetString());
        Assert.True(body.GetProperty("studiedInHohhot").GetBoolean());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, foreign.StatusCode);
        Assert.Equal("graduate.out_of_scope", (await foreign.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, future.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, district.StatusCode);
        Assert.Equal("district.out_of_scope", (await district.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0].GetProperty("code").GetString());
        var counted = await RebuildAsync();
        Assert.Equal(1, Count(counted, "byUniversity", name));

        (await Client.DeleteAsync($"/api/graduates/{graduateId}")).EnsureSuccessStatusCode();

        var erased = await RebuildAsync();
        Assert.Equal(counted.GetProperty("hired").GetInt32(), erased.GetProperty("hired").GetInt32());
        Assert.Equal(1, Count(erased, "byUniversity", name));
        Assert.Equal(Counts(counted, "byOrigin", "code"), Counts(erased, "byOrigin", "code"));
    }

    [Fact]
    public async Task EnterActivityFigure_DistrictItsFairsBureauTheRest_CountedAgainstThePlansTargets()
    {
        var district = await host.OrganisationAsync("district", "qingshuihe");
        var before = await RebuildAsync();

        var fairs = await district.Http.PutAsJsonAsync($"/api/programme/activities/district_fairs/{Month}", new { value = 3, note = "校园招聘" });
        var again = await district.Http.PutAsJsonAsync($"/api/programme/activities/district_fairs/{Month}", new { value = 4 });
        var notTheirs = await district.Http.PutAsJsonAsync($"/api/programme/activities/trainees/{Month}", new { value = 100 });
        var trainees = await Client.PutAsJsonAsync($"/api/programme/activities/trainees/{Month}", new { value = 250 });
        var bad = await Client.PutAsJsonAsync($"/api/programme/activities/trainees/{Month}", new { value = -1 });
        var noDistrict = await Client.PutAsJsonAsync($"/api/programme/activities/district_fairs/{Month}", new { value = 1 });

        Assert.Equal(HttpStatusCode.OK, fairs.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notTheirs.StatusCode);
        Assert.Equal("indicator.not_responsible", (await notTheirs.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, trainees.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noDistrict.StatusCode);
        var after = await RebuildAsync();
        JsonElement Indicator(JsonElement p, string code) => p.GetProperty("activities").EnumerateArray().Single(a => a.GetProperty("code").GetString() == code);
        var districtFairs = Indicator(after, "district_fairs");
        Assert.Equal(70, districtFairs.GetProperty("target").GetInt32());
        Assert.Equal("各旗县区人民政府", districtFairs.GetProperty("leadUnit").GetString());
        Assert.Equal(Indicator(before, "district_fairs").GetProperty("achieved").GetInt64() + 4, districtFairs.GetProperty("achieved").GetInt64());
        Assert.Contains(districtFairs.GetProperty("byUnit").EnumerateArray(), u => u.GetProperty("name").GetString() == "清水河县" && u.GetProperty("count").GetInt64() == 4);
        Assert.Equal(5_000, Indicator(after, "trainees").GetProperty("target").GetInt32());
        Assert.Equal(250, Indicator(after, "trainees").GetProperty("achieved").GetInt64());
        var listed = await host.Anonymous.GetFromJsonAsync<JsonElement>("/api/programme/activities");
        Assert.Equal(ActivityIndicators.All.Count, listed.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task CloseMonth_MoreEmploymentAfterwards_SnapshotServedUnchangedAndReportReadsBack()
    {
        var (university, name) = await UniversityAsync();
        (await university.Http.PostAsJsonAsync("/api/employment-records", new { graduateId = "M1", route = "self_employed", employedOn = Day(2), district = "huimin" })).EnsureSuccessStatusCode();
        var early = await Client.PostAsync($"/api/manage/programme/months/{Period.Of(DateTimeOffset.UtcNow)}", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode);

        var closed = await Client.PostAsync($"/api/manage/programme/months/{Month}", null);

        Assert.Equal(HttpStatusCode.Created, closed.StatusCode);
        var published = await closed.Content.ReadAsByteArrayAsync();
        var snapshot = JsonDocument.Parse(published).RootElement;
        Assert.Equal(Month.ToString(), snapshot.GetProperty("month").GetString());
        Assert.Equal(1, Count(snapshot, "byUniversity", name));
        var etag = closed.Headers.ETag!;

        // More employment in that month, recorded after it was published: the live figures move, the month does not.
        (await university.Http.PostAsJsonAsync("/api/employment-records", new { graduateId = "M2", route = "signed", employedOn = Day(3), district = "huimin" })).EnsureSuccessStatusCode();
        var live = await RebuildAsync();
        Assert.Equal(2, Count(live, "byUniversity", name));

        var served = await host.Anonymous.GetAsync($"/api/programme/progress/months/{Month}");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(published, await served.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, served.Headers.ETag);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/programme/progress/months/{Month}");
        conditional.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await host.Anonymous.SendAsync(conditional)).StatusCode);
        var closedAgain = await Client.PostAsync($"/api/manage/programme/months/{Month}", null);
        Assert.Equal(HttpStatusCode.OK, closedAgain.StatusCode);
        Assert.Equal(published, await closedAgain.Content.ReadAsByteArrayAsync());
        Assert.Contains(Month.ToString(), (await host.Anonymous.GetFromJsonAsync<JsonElement>("/api/programme/progress/months")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("month").GetString()));
        Assert.Contains($"{Month} 月报", await host.Anonymous.GetStringAsync($"/api/programme/progress/months/{Month}/page"), StringComparison.Ordinal);

        // The month's workbook, read back with ExcelDataReader: one sheet per table, the bureau's columns, the totals.
        var workbook = await host.Anonymous.GetByteArrayAsync($"/api/programme/progress/months/{Month}/report.xlsx");
        var sheets = ReadWorkbook(workbook);
        Assert.Equal(
            [ProgressReportXlsx.AboutSheet, ProgressReportXlsx.TargetsSheet, ProgressReportXlsx.RoutesSheet, ProgressReportXlsx.OriginsSheet, ProgressReportXlsx.DistrictsSheet,
                ProgressReportXlsx.UniversitiesSheet, ProgressReportXlsx.ClustersSheet, ProgressReportXlsx.MonthsSheet, ProgressReportXlsx.ActivitiesSheet, ProgressReportXlsx.ActivityUnitsSheet],
            sheets.Keys);
        foreach (var table in sheets.Keys.Skip(1))
        {
            Assert.Equal(ProgressReportXlsx.Columns, sheets[table][0].Select(c => c?.ToString()));
        }

        var hired = snapshot.GetProperty("hired").GetInt32();
        var goal = sheets[ProgressReportXlsx.TargetsSheet][1];
        Assert.Equal(50_000d, goal[2]);
        Assert.Equal((double)hired, goal[3]);
        Assert.Equal(Math.Round(hired / 50_000d, 4), (double)goal[4]!, 4);
        Assert.Equal((double)hired, sheets[ProgressReportXlsx.RoutesSheet].Skip(1).Sum(r => (double)r[3]!));
        Assert.Equal((double)hired, sheets[ProgressReportXlsx.OriginsSheet].Skip(1).Sum(r => (double)r[3]!));
        Assert.Contains(sheets[ProgressReportXlsx.UniversitiesSheet], r => (string?)r[0] == name && (double?)r[3] == 1);
        Assert.Equal(ActivityIndicators.All.Count, sheets[ProgressReportXlsx.ActivitiesSheet].Count - 1);
    }

    /// <summary>Every sheet's rows, in order, as ExcelDataReader reads them.</summary>
    private static Dictionary<string, List<object?[]>> ReadWorkbook(byte[] workbook)
    {
        // ExcelDataReader asks for the legacy code pages even for .xlsx.
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var sheets = new Dictionary<string, List<object?[]>>(StringComparer.Ordinal);
        using var reader = ExcelReaderFactory.CreateReader(new MemoryStream(workbook));
        do
        {
            var rows = new List<object?[]>();
            while (reader.Read())
            {
                var cells = new object?[reader.FieldCount];
                for (var i = 0; i < cells.Length; i++)
                {
                    cells[i] = reader.GetValue(i);
                }

                rows.Add(cells);
            }

            sheets[reader.Name] = rows;
        }
        while (reader.NextResult());
        return sheets;
    }

    /// <summary>A real browser opens the progress page after the figures above: the new breakdowns render as
    /// charts, nothing is logged as a console error, and the screenshot is kept (artifacts/screenshots/progress.png).</summary>
    [Fact]
    public async Task ProgressPage_InHeadlessChromium_NewBreakdownsRender()
    {
        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(System.IO.File.Exists);
        Assert.True(chromium is not null, "Chromium is not installed: ./test.sh installs Debian's chromium package.");
        var (university, _) = await UniversityAsync();
        var district = await host.OrganisationAsync("district", "horinger");
        var rows = new List<string> { Header };
        string[] routes = ["签约就业", "签约就业", "签约就业", "事业单位", "三支一扶", "西部计划", "民生志愿", "见习", "灵活就业", "自主创业"];
        string[] places = ["新城区", "赛罕区", "回民区", "玉泉区", "和林格尔县", "土默特左旗"];
        string[] clusters = ["新能源", "新材料", "生物医药", "新一代信息技术", "现代服务业", "绿色农畜产品加工"];
        for (var i = 0; i < 40; i++)
        {
            rows.Add($"P{i},{routes[i % routes.Length]},{Day(1 + (i % 20))},{places[i % places.Length]},{clusters[i % clusters.Length]},,");
        }

        (await university.Http.PostAsync("/api/employment-records/file", File([.. rows]))).EnsureSuccessStatusCode();
        var elsewhere = NewUniversityCode();
        (await district.Http.PostAsync("/api/employment-records/file", File(
            Header,
            $"{elsewhere}-H1,签约就业,{Day(4)},和林格尔县,新能源,呼和浩特户籍,否",
            $"{elsewhere}-H2,签约就业,{Day(5)},和林格尔县,新材料,呼和浩特户籍,否",
            $"{elsewhere}-H3,灵活就业,{Day(6)},和林格尔县,,外地,否"))).EnsureSuccessStatusCode();
        (await district.Http.PutAsJsonAsync($"/api/programme/activities/district_fairs/{Month}", new { value = 6 })).EnsureSuccessStatusCode();
        foreach (var (indicator, value) in new[] { ("city_fairs", 9), ("training_sessions", 31), ("trainees", 1_800), ("policy_campus_events", 12), ("public_rental_housing", 640) })
        {
            (await Client.PutAsJsonAsync($"/api/programme/activities/{indicator}/{Month}", new { value })).EnsureSuccessStatusCode();
        }

        await RebuildAsync();
        var url = $"{Client.BaseAddress}api/programme/progress/page";
        var artefacts = Path.Combine(AzuriteFixture.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(artefacts);
        var screenshot = Path.Combine(artefacts, "progress.png");
        System.IO.File.Delete(screenshot);

        var dom = await CatalogueEndToEndTests.RunChromiumAsync(chromium!, "--dump-dom", url);
        await CatalogueEndToEndTests.RunChromiumAsync(chromium!, $"--screenshot={screenshot}", "--window-size=1280,4200", url);

        foreach (var chart in new[] { "by-route", "by-origin", "by-university", "activities" })
        {
            Assert.Contains($"aria-labelledby=\"{chart}-title\"", dom.Output, StringComparison.Ordinal);
        }

        Assert.Contains("留呼", dom.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Uncaught", dom.Error, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"CONSOLE\(\d+\).*(error|Error)", dom.Error);
        Assert.True(new FileInfo(screenshot).Length > 10_000, "a screenshot of the rendered page was saved");
    }
}
