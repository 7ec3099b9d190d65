using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Liuhu.Core.Catalogues;
using Liuhu.Testing;

namespace Liuhu.DevHost.Tests;

/// <summary>Catalogues and progress through the dev host: publish, then the JSON, the CSV and the page agree.</summary>
[Collection(DevHostCollection.Name)]
public class CatalogueEndToEndTests(DevHostFixture host)
{
    private HttpClient Client => host.Client;

    private static string Current => Period.Of(DateTimeOffset.UtcNow).ToString();

    private async Task<JsonElement> PublishAsync(string period)
    {
        var response = await Client.PostAsync($"/api/manage/catalogues?period={period}", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Publish_AfterLedger_JsonCsvAndPageAgreeAndIncludeTheLedger()
    {
        var before = (await PublishAsync(Current)).GetProperty("headcount").GetInt32();
        var credit = TestData.NewCreditCode();
        await Client.UploadAndWaitAsync("/api/ledgers", TestData.Csv(TestData.Header,
            TestData.VacancyRow(credit, "储能工程师", postCode: "E1", headcount: "7", cluster: "新能源"),
            TestData.VacancyRow(credit, "=危险公式", postCode: "E2", headcount: "5", cluster: "新能源")));
        var after = (await PublishAsync(Current)).GetProperty("headcount").GetInt32();
        Assert.Equal(before + 12, after);

        var json = await Client.GetFromJsonAsync<JsonElement>($"/api/catalogues/{Current}");
        Assert.Equal(after, json.GetProperty("overall").GetProperty("headcount").GetInt32());
        Assert.Equal(after, json.GetProperty("clusters").EnumerateArray().Sum(c => c.GetProperty("headcount").GetInt32()));

        var csvResponse = await Client.GetAsync($"/api/catalogues/{Current}?format=csv");
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType!.MediaType);
        var csv = await csvResponse.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, csv[..3]);
        var lines = Encoding.UTF8.GetString(csv[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(SplitCsv).ToList();
        Assert.Equal(after, lines.Where(l => l[0] == "集群").Sum(l => int.Parse(l[5], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(after, lines.Where(l => l[0] == "岗位").Sum(l => int.Parse(l[5], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains(lines, l => l[0] == "岗位" && l[3] == "'=危险公式");

        var xlsx = await Client.GetAsync($"/api/catalogues/{Current}?format=xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        using (var workbook = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), false))
        {
            Assert.Equal(["总体", "集群", "岗位", "岗位类别", "企业标签"], workbook.WorkbookPart!.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Select(s => s.Name!.Value));
        }

        var page = await Client.GetStringAsync($"/api/catalogues/{Current}/page");
        Assert.Contains($"id=\"total-headcount\">{after:N0}<", page, StringComparison.Ordinal);

        var latest = await Client.GetFromJsonAsync<JsonElement>("/api/catalogues/latest");
        Assert.Equal(Current, latest.GetProperty("period").GetString());
    }

    [Fact]
    public async Task Publish_TwoPeriodsThenRepublishOne_OtherKept()
    {
        await PublishAsync("2024-03");
        var first = await Client.GetFromJsonAsync<JsonElement>("/api/catalogues/2024-03");
        await PublishAsync("2024-04");
        await PublishAsync("2024-03");
        var list = await Client.GetFromJsonAsync<JsonElement>("/api/catalogues");
        var periods = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("period").GetString()).ToList();
        Assert.Contains("2024-03", periods);
        Assert.Contains("2024-04", periods);
        Assert.Equal(periods.Count, periods.Distinct().Count());
        var again = await Client.GetFromJsonAsync<JsonElement>("/api/catalogues/2024-03");
        Assert.NotEqual(first.GetProperty("publishedAt").GetString(), again.GetProperty("publishedAt").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/api/catalogues/2020-01")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.GetAsync("/api/catalogues/2024-13")).StatusCode);
    }

    [Fact]
    public async Task Progress_HiresCountedOncePerGraduateAgainstConfiguredGoal()
    {
        // The bureau's rebuild gives the figures as of now; anonymous reads serve the stored ones.
        var rebuilt = await (await Client.PostAsync("/api/manage/programme/progress", null)).Content.ReadFromJsonAsync<JsonElement>();
        var before = rebuilt.GetProperty("hired").GetInt32();
        var rebuiltAt = rebuilt.GetProperty("asOf").GetDateTimeOffset();
        var credit = TestData.NewCreditCode();
        await Client.UploadAndWaitAsync("/api/ledgers", TestData.Csv(TestData.Header, TestData.VacancyRow(credit, "运维", postCode: "H1"), TestData.VacancyRow(credit, "质检", postCode: "H2")));
        var id = $"{Liuhu.Testing.TestData.UniversityCode}-H{Guid.NewGuid().ToString("N")[..8]}";
        (await Client.PutAsJsonAsync($"/api/graduates/{id}", new { degree = "本科", major = "电气工程及其自动化", university = "内蒙古工业大学", leftSchoolUnemployed = true, consent = new { matching = true, shareWithEmployers = true } })).EnsureSuccessStatusCode();
        (await Client.PostAsJsonAsync("/api/outcomes", new[]
        {
            // Dated in the programme year (the fixture's), which is the last month's year.
            new { graduateId = id, vacancyId = $"{credit}-PH1", @event = "hired", at = DevHostFixture.ProgrammeMonth.Start.AddDays(3).ToString("O") },
            new { graduateId = id, vacancyId = $"{credit}-PH2", @event = "hired", at = DevHostFixture.ProgrammeMonth.Start.AddDays(5).ToString("O") },
        })).EnsureSuccessStatusCode();

        // The change notices (debounced to 1 s here) rebuild the stored figures; no read computes them.
        var progress = await WaitForProgressAsync(p => p.GetProperty("hired").GetInt32() == before + 1);
        Assert.True(progress.GetProperty("asOf").GetDateTimeOffset() > rebuiltAt);
        Assert.Equal(50_000, progress.GetProperty("goal").GetInt32());
        Assert.Equal(60_000, progress.GetProperty("stretch").GetInt32());
        Assert.Contains(progress.GetProperty("targets").EnumerateArray(), t => t.GetProperty("code").GetString() == "manufacturing" && t.GetProperty("target").GetInt32() == 15_000);
        Assert.Contains("<h1>", await Client.GetStringAsync("/api/programme/progress/page"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_FutureMonth_422InChineseAndEnglish()
    {
        var next = Period.Of(DateTimeOffset.UtcNow.AddDays(40)).ToString();

        var response = await Client.PostAsync($"/api/manage/catalogues?period={next}", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("period.future", problem.GetProperty("code").GetString());
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", problem.GetProperty("title").GetString()!);
        Assert.Contains(next, problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/catalogues/{next}")).StatusCode);
    }

    [Fact]
    public async Task Withdraw_PublishedCurrentPeriod_NotListedNotLatestAudited_RepublishRestores()
    {
        await PublishAsync("2024-01");
        await PublishAsync(Current);

        var withdrawn = await Client.DeleteAsync($"/api/manage/catalogues/{Current}");

        Assert.Equal(HttpStatusCode.NoContent, withdrawn.StatusCode);
        var periods = (await Client.GetFromJsonAsync<JsonElement>("/api/catalogues")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("period").GetString()).ToList();
        Assert.DoesNotContain(Current, periods);
        var latest = await host.Anonymous.GetFromJsonAsync<JsonElement>("/api/catalogues/latest");
        Assert.NotEqual(Current, latest.GetProperty("period").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await host.Anonymous.GetAsync($"/api/catalogues/{Current}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.DeleteAsync($"/api/manage/catalogues/{Current}")).StatusCode);
        var log = new List<Liuhu.Core.Audit.AccessRecord>();
        await foreach (var record in host.App.Services.GetRequiredService<Liuhu.Core.Audit.AccessLog>().ForDayAsync(DateTimeOffset.UtcNow, CancellationToken.None))
        {
            log.Add(record);
        }

        Assert.Contains(log, r => r.Action == "WithdrawCatalogue" && r.Method == "DELETE" && r.Status == 204 && r.Targets.GetValueOrDefault("period") == Current);

        await PublishAsync(Current);
        Assert.Equal(Current, (await host.Anonymous.GetFromJsonAsync<JsonElement>("/api/catalogues/latest")).GetProperty("period").GetString());
    }

    [Theory]
    [InlineData("/api/vacancies")]
    [InlineData("/api/ledgers")]
    public async Task List_ContinuationTokenBase64OfJunk_400Problem(string route)
    {
        var junk = System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes("not a token\r\nat all"));

        var response = await Client.GetAsync($"{route}?continuationToken={junk}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("query.invalid", problem.GetProperty("code").GetString());
        Assert.Equal("continuationToken", problem.GetProperty("errors")[0].GetProperty("column").GetString());
    }

    private async Task<JsonElement> WaitForProgressAsync(Func<JsonElement, bool> reached)
    {
        for (var i = 0; i < 150; i++)
        {
            // As the bureau: polling anonymously would meet the per-address limit; the answer is the same.
            var progress = await Client.GetFromJsonAsync<JsonElement>("/api/programme/progress");
            if (reached(progress))
            {
                return progress;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The stored progress was not rebuilt within 30 s of the change.");
    }

    /// <summary>A real browser (Debian's Chromium, installed by test.sh) opens the page from the dev host: the
    /// charts render, nothing is logged as a console error, and a screenshot is kept as a test artefact.</summary>
    [Fact]
    public async Task CataloguePage_InHeadlessChromium_ChartsRenderWithoutConsoleErrors()
    {
        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        Assert.True(chromium is not null, "Chromium is not installed: ./test.sh installs Debian's chromium package.");
        await PublishAsync(Current);
        var url = $"{Client.BaseAddress}api/catalogues/{Current}/page";
        var artefacts = Path.Combine(AzuriteFixture.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(artefacts);
        var screenshot = Path.Combine(artefacts, "catalogue.png");
        File.Delete(screenshot);

        var dom = await RunChromiumAsync(chromium!, "--dump-dom", url);
        await RunChromiumAsync(chromium!, $"--screenshot={screenshot}", "--window-size=1280,2600", url);

        Assert.Contains("<svg", dom.Output, StringComparison.Ordinal);
        Assert.True(dom.Output.Split("class=\"bar\"").Length > 4, "the charts have bars");
        Assert.DoesNotContain("Uncaught", dom.Error, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"CONSOLE\(\d+\).*(error|Error)", dom.Error);
        Assert.True(new FileInfo(screenshot).Length > 10_000, "a screenshot of the rendered page was saved");
    }

    internal static async Task<(string Output, string Error)> RunChromiumAsync(string chromium, params string[] args)
    {
        var profile = Directory.CreateTempSubdirectory("liuhu-chromium-").FullName;
        var start = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--enable-logging=stderr", "--v=0", $"--user-data-dir={profile}" }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Directory.Delete(profile, recursive: true);
        return (await output, await error);
    }

    private static string[] SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                cell.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return [.. cells];
    }
}
