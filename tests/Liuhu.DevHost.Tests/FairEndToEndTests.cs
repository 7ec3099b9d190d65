using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Liuhu.Core.Catalogues;
using Liuhu.Testing;

namespace Liuhu.DevHost.Tests;

/// <summary>Job fairs, post kinds and employer tags over real HTTP: a fair's lifecycle and who may change it, the
/// public calendar, posts linked by ledger column and by API, per-fair counts after outcomes, the kind= and
/// employerTag= filters, and the catalogue's breakdowns.</summary>
[Collection(DevHostCollection.Name)]
public class FairEndToEndTests(DevHostFixture host)
{
    private const string ExtraHeader = TestData.Header + ",岗位类别,企业标签,招聘会编号";

    private HttpClient Client => host.Client;

    /// <summary>A year far ahead, so the calendar holds few other fairs; assertions still look only at this test's own.</summary>
    private static string FreshYear() => (2040 + Random.Shared.Next(0, 60)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static List<string?> Ids(JsonElement page, IReadOnlyCollection<string> own, bool managed = false) =>
        page.GetProperty("items").EnumerateArray().Select(f => (managed ? f.GetProperty("fair") : f).GetProperty("fairId").GetString()).Where(id => own.Contains(id!)).ToList();

    private static string Row(string credit, string title, string postCode, string headcount, string kind, string tags, string fairs, string district = "新城区") =>
        TestData.VacancyRow(credit, title, postCode: postCode, headcount: headcount, district: district) + $",{kind},{tags},{fairs}";

    private static async Task<string> CreateFairAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/fairs", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("fair").GetProperty("fairId").GetString()!;
        Assert.EndsWith($"/api/fairs/{id}", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        return id;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Fair_CreateUpdateCancel_OwnDistrictOnly_OthersAnswerNotFound()
    {
        var year = FreshYear();
        var xincheng = await host.OrganisationAsync("district", "xincheng");
        var saihan = await host.OrganisationAsync("district", "saihan");
        var employer = await host.OrganisationAsync("employer", TestData.NewCreditCode());

        var id = await CreateFairAsync(xincheng.Http, new { name = "新城区春季专场招聘会", kind = "专场", startsOn = $"{year}-03-10", endsOn = $"{year}-03-11", place = "新城区人力资源市场" });
        var fair = await Client.GetFromJsonAsync<JsonElement>($"/api/fairs/{id}");
        Assert.Equal("xincheng", fair.GetProperty("district").GetString());
        Assert.Equal("special", fair.GetProperty("kind").GetString());
        Assert.Equal("新城区人力资源和社会保障局", fair.GetProperty("organiser").GetString());

        // Another district's office, an employer, a district creating for another district: refused.
        var patch = JsonContent.Create(new { name = "改名" });
        Assert.Equal("fair.not_found", (await ProblemAsync(await saihan.Http.PatchAsync($"/api/fairs/{id}", patch), HttpStatusCode.NotFound)).GetProperty("code").GetString());
        await ProblemAsync(await saihan.Http.DeleteAsync($"/api/fairs/{id}"), HttpStatusCode.NotFound);
        await ProblemAsync(await employer.Http.PostAsJsonAsync("/api/fairs", new { name = "x", kind = "special", startsOn = $"{year}-03-10", place = "x" }), HttpStatusCode.Forbidden);
        var elsewhere = await ProblemAsync(await xincheng.Http.PostAsJsonAsync("/api/fairs", new { name = "x", kind = "special", startsOn = $"{year}-03-10", place = "x", district = "赛罕区" }), HttpStatusCode.Forbidden);
        Assert.Equal("fair.district_not_yours", elsewhere.GetProperty("code").GetString());
        Assert.Equal("新城区春季专场招聘会", (await Client.GetFromJsonAsync<JsonElement>($"/api/fairs/{id}")).GetProperty("name").GetString());

        // The organiser and the bureau change it; a one-day move keeps its length.
        var renamed = await xincheng.Http.PatchAsync($"/api/fairs/{id}", JsonContent.Create(new { name = "新城区春季高校毕业生专场招聘会", startsOn = $"{year}-03-20" }));
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var moved = (await renamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("fair");
        Assert.Equal($"{year}-03-21", moved.GetProperty("endsOn").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Client.PatchAsync($"/api/fairs/{id}", JsonContent.Create(new { place = "新城区会展中心" }))).StatusCode);

        // Cancelled: still in the calendar, marked; no longer changed; cancelling again is the same.
        Assert.Equal(HttpStatusCode.OK, (await xincheng.Http.DeleteAsync($"/api/fairs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await xincheng.Http.DeleteAsync($"/api/fairs/{id}")).StatusCode);
        await ProblemAsync(await xincheng.Http.PatchAsync($"/api/fairs/{id}", JsonContent.Create(new { name = "再改" })), HttpStatusCode.Conflict);
        var after = await Client.GetFromJsonAsync<JsonElement>($"/api/fairs/{id}");
        Assert.Equal("cancelled", after.GetProperty("status").GetString());
        Assert.Equal("新城区会展中心", after.GetProperty("place").GetString());
    }

    [Fact]
    public async Task Fair_InvalidBody_ProblemJsonWithEveryField()
    {
        var xincheng = await host.OrganisationAsync("district", "xincheng");
        var problem = await ProblemAsync(await xincheng.Http.PostAsJsonAsync("/api/fairs", new { kind = "庙会", startsOn = "明天", district = "火星区" }), HttpStatusCode.BadRequest);
        Assert.Equal("fair.invalid", problem.GetProperty("code").GetString());
        var fields = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("column").GetString()).ToList();
        Assert.Equal(["name", "kind", "startsOn", "district", "place"], fields);

        var backwards = await ProblemAsync(await xincheng.Http.PostAsJsonAsync("/api/fairs", new { name = "x", kind = "online", startsOn = "2031-05-02", endsOn = "2031-05-01" }), HttpStatusCode.BadRequest);
        Assert.Equal("endsOn", backwards.GetProperty("errors")[0].GetProperty("column").GetString());
        await ProblemAsync(await Client.GetAsync("/api/fairs?from=2031-13-01"), HttpStatusCode.BadRequest);
        await ProblemAsync(await Client.GetAsync("/api/fairs?from=2031-01-01&to=2040-01-01"), HttpStatusCode.BadRequest);
        await ProblemAsync(await Client.GetAsync("/api/fairs?kind=庙会"), HttpStatusCode.BadRequest);
        await ProblemAsync(await Client.GetAsync("/api/fairs?continuationToken=bm9wZQ"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Calendar_Anonymous_DateOrderDistrictKindAndPages_NoOrganiserIdentity()
    {
        var year = FreshYear();
        var xincheng = await host.OrganisationAsync("district", "xincheng");
        var saihan = await host.OrganisationAsync("district", "saihan");
        var late = await CreateFairAsync(xincheng.Http, new { name = "秋季校园招聘会", kind = "campus", startsOn = $"{year}-09-20", place = "内蒙古大学" });
        var early = await CreateFairAsync(xincheng.Http, new { name = "春季专场", kind = "special", startsOn = $"{year}-03-01", place = "新城区人力资源市场" });
        var online = await CreateFairAsync(xincheng.Http, new { name = "线上直播带岗", kind = "线上", startsOn = $"{year}-06-01", endsOn = $"{year}-06-07" });
        var other = await CreateFairAsync(saihan.Http, new { name = "赛罕区专场", kind = "special", startsOn = $"{year}-05-01", place = "赛罕区" });
        var city = await CreateFairAsync(Client, new { name = "全市高校毕业生招聘会", kind = "special", startsOn = $"{year}-04-01", place = "呼和浩特国际会展中心" });

        string[] own = [early, city, other, online, late];
        var all = await host.Anonymous.GetFromJsonAsync<JsonElement>($"/api/fairs?from={year}-01-01&to={year}-12-31");
        Assert.Equal(own, Ids(all, own));
        var items = all.GetProperty("items").EnumerateArray().ToList();
        Assert.All(items, item => Assert.False(item.TryGetProperty("organiserId", out _) || item.TryGetProperty("createdAt", out _)));
        Assert.Equal(items.Select(i => i.GetProperty("startsOn").GetString()).Order(StringComparer.Ordinal), items.Select(i => i.GetProperty("startsOn").GetString()));
        Assert.Equal("呼和浩特市人力资源和社会保障局", items.Single(i => i.GetProperty("fairId").GetString() == city).GetProperty("organiser").GetString());
        Assert.True(items.Single(i => i.GetProperty("fairId").GetString() == online).GetProperty("online").GetBoolean());

        var mine = await host.Anonymous.GetFromJsonAsync<JsonElement>($"/api/fairs?from={year}-01-01&to={year}-12-31&district=新城区");
        Assert.Equal([early, online, late], Ids(mine, own));
        Assert.All(mine.GetProperty("items").EnumerateArray(), f => Assert.Equal("xincheng", f.GetProperty("district").GetString()));
        var campus = await host.Anonymous.GetFromJsonAsync<JsonElement>($"/api/fairs?from={year}-01-01&to={year}-12-31&kind=campus");
        Assert.Equal([late], Ids(campus, own));
        var window = await host.Anonymous.GetFromJsonAsync<JsonElement>($"/api/fairs?from={year}-06-05&to={year}-06-30");
        Assert.Equal([online], Ids(window, own));

        var paged = new List<string?>();
        string? token = null;
        do
        {
            var page = await host.Anonymous.GetFromJsonAsync<JsonElement>($"/api/fairs?from={year}-01-01&to={year}-12-31&pageSize=2" + (token is null ? string.Empty : $"&continuationToken={token}"));
            Assert.True(page.GetProperty("items").GetArrayLength() <= 2);
            paged.AddRange(page.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("fairId").GetString()));
            token = page.TryGetProperty("continuationToken", out var t) ? t.GetString() : null;
        }
        while (token is not null);
        Assert.Equal(own, paged.Where(id => own.Contains(id!)));
        Assert.Equal(paged.Count, paged.Distinct().Count());

        // The offices' report: a district sees its own district's fairs whatever it asks for; the bureau all.
        var report = await saihan.Http.GetFromJsonAsync<JsonElement>($"/api/fair-report?from={year}-01-01&to={year}-12-31&district=xincheng");
        Assert.Equal([other], Ids(report, own, managed: true));
        Assert.All(report.GetProperty("items").EnumerateArray(), f => Assert.Equal("saihan", f.GetProperty("fair").GetProperty("district").GetString()));
        Assert.Contains(report.GetProperty("items").EnumerateArray(), f => f.GetProperty("organiserId").GetString() == saihan.OrganisationId);
        var bureau = await Client.GetFromJsonAsync<JsonElement>($"/api/fair-report?from={year}-01-01&to={year}-12-31");
        Assert.Equal(own, Ids(bureau, own, managed: true));
    }

    [Fact]
    public async Task Ledger_FairColumn_LinksKnownFairs_UnknownOrCancelledFairIsRowError_CountsAfterOutcomes()
    {
        // Held today (Beijing), so the outcomes reported below fall in its counting window.
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var xincheng = await host.OrganisationAsync("district", "xincheng");
        var fairBody = new { name = "链主企业专场" + Guid.NewGuid().ToString("N")[..6], kind = "special", startsOn = today, place = "新城区" };
        var fair = await CreateFairAsync(xincheng.Http, fairBody);
        var cancelled = await CreateFairAsync(xincheng.Http, new { name = "已取消" + Guid.NewGuid().ToString("N")[..6], kind = "special", startsOn = today, place = "新城区" });
        (await xincheng.Http.DeleteAsync($"/api/fairs/{cancelled}")).EnsureSuccessStatusCode();
        var credit = TestData.NewCreditCode();
        var employer = await host.OrganisationAsync("employer", credit);

        var status = await employer.Http.UploadAndWaitAsync("/api/ledgers", TestData.Csv(ExtraHeader,
            Row(credit, "储能工程师", "F1", "4", "普通", "链主企业、国有", fair.ToLowerInvariant()),
            Row(credit, "运维", "F2", "6", "见习", "专精特新", "ZPH20990101-NOPE"),
            Row(credit, "质检", "F3", "2", "", "", cancelled),
            Row(credit, "文员", "F4", "1", "", "", "第一场"),
            Row(credit, "会计", "F5", "5", "", "", "")));
        Assert.Equal(2, status.GetProperty("rowsAccepted").GetInt32());
        var report = await employer.Http.GetFromJsonAsync<JsonElement>($"/api/ledgers/{status.GetProperty("ledgerId").GetString()}");
        var errors = report.GetProperty("errors").EnumerateArray()
            .Select(e => (Row: e.GetProperty("row").GetInt32(), Column: e.GetProperty("column").GetString(), Code: e.GetProperty("code").GetString())).ToList();
        Assert.Equal([(3, "招聘会编号", "fair_id.unknown"), (4, "招聘会编号", "fair_id.cancelled"), (5, "招聘会编号", "fair_id.invalid")], errors);

        var linked = await employer.Http.GetFromJsonAsync<JsonElement>($"/api/vacancies/{credit}-PF1");
        Assert.Equal([fair], linked.GetProperty("fairIds").EnumerateArray().Select(f => f.GetString()).ToList());
        Assert.Equal(["chain_leader", "state_owned"], linked.GetProperty("employerTags").EnumerateArray().Select(t => t.GetString()).ToList());
        Assert.Equal(["链主企业", "国有企业"], linked.GetProperty("employerTagNames").EnumerateArray().Select(t => t.GetString()).ToList());

        // F5 linked by API by its employer; another employer cannot, nor link to a cancelled fair.
        var other = await host.OrganisationAsync("employer", TestData.NewCreditCode());
        await ProblemAsync(await other.Http.PutAsync($"/api/fairs/{fair}/posts/{credit}-PF5", null), HttpStatusCode.NotFound);
        await ProblemAsync(await employer.Http.PutAsync($"/api/fairs/{cancelled}/posts/{credit}-PF5", null), HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, (await employer.Http.PutAsync($"/api/fairs/{fair}/posts/{credit}-PF5", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await employer.Http.PutAsync($"/api/fairs/{fair}/posts/{credit}-PF5", null)).StatusCode);

        var graduates = new[] { $"{TestData.UniversityCode}-FA{Guid.NewGuid().ToString("N")[..8]}", $"{TestData.UniversityCode}-FB{Guid.NewGuid().ToString("N")[..8]}" };
        foreach (var graduate in graduates)
        {
            (await Client.PutAsJsonAsync($"/api/graduates/{graduate}", new { degree = "本科", major = "电气工程及其自动化", university = "内蒙古工业大学", consent = new { matching = true, shareWithEmployers = true } })).EnsureSuccessStatusCode();
        }

        (await Client.PostAsJsonAsync("/api/outcomes", new object[]
        {
            new { graduateId = graduates[0], vacancyId = $"{credit}-PF1", @event = "applied" },
            new { graduateId = graduates[0], vacancyId = $"{credit}-PF1", @event = "hired" },
            new { graduateId = graduates[1], vacancyId = $"{credit}-PF1", @event = "viewed" },
            new { graduateId = graduates[1], vacancyId = $"{credit}-PF5", @event = "interviewed" },
        })).EnsureSuccessStatusCode();

        var counts = (await host.Anonymous.GetFromJsonAsync<JsonElement>($"/api/fairs/{fair}")).GetProperty("counts");
        Assert.Equal((2, 9, 2, 1), (counts.GetProperty("posts").GetInt32(), counts.GetProperty("headcount").GetInt32(), counts.GetProperty("applications").GetInt32(), counts.GetProperty("hires").GetInt32()));

        // The fair's posts: the organiser and the site see both, their employer both, another employer none.
        async Task<List<string?>> PostsAsync(HttpClient client) =>
            (await client.GetFromJsonAsync<JsonElement>($"/api/fairs/{fair}/posts")).GetProperty("items").EnumerateArray().Select(v => v.GetProperty("vacancyId").GetString()).ToList();
        var site = await host.OrganisationAsync("site", "jobs");
        List<string?> both = [$"{credit}-PF1", $"{credit}-PF5"];
        Assert.Equal(both, await PostsAsync(xincheng.Http));
        Assert.Equal(both, await PostsAsync(site.Http));
        Assert.Equal(both, await PostsAsync(employer.Http));
        Assert.Empty(await PostsAsync(other.Http));
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous.GetAsync($"/api/fairs/{fair}/posts")).StatusCode);
        var firstPage = await site.Http.GetFromJsonAsync<JsonElement>($"/api/fairs/{fair}/posts?pageSize=1");
        Assert.Single(firstPage.GetProperty("items").EnumerateArray());
        var secondPage = await site.Http.GetFromJsonAsync<JsonElement>($"/api/fairs/{fair}/posts?pageSize=1&continuationToken={firstPage.GetProperty("continuationToken").GetString()}");
        Assert.Equal($"{credit}-PF5", Assert.Single(secondPage.GetProperty("items").EnumerateArray()).GetProperty("vacancyId").GetString());
        await ProblemAsync(await site.Http.GetAsync("/api/fairs/ZPH20990101-NONE/posts"), HttpStatusCode.NotFound);

        // A re-upload without the column keeps the link; the organiser (not the post's owner) unlinks F5.
        await employer.Http.UploadAndWaitAsync("/api/ledgers", TestData.Csv(TestData.Header, TestData.VacancyRow(credit, "储能工程师", postCode: "F1", headcount: "4", district: "新城区")));
        Assert.Equal(HttpStatusCode.OK, (await xincheng.Http.DeleteAsync($"/api/fairs/{fair}/posts/{credit}-PF5")).StatusCode);
        counts = (await host.Anonymous.GetFromJsonAsync<JsonElement>($"/api/fairs/{fair}")).GetProperty("counts");
        Assert.Equal((1, 4, 1, 1), (counts.GetProperty("posts").GetInt32(), counts.GetProperty("headcount").GetInt32(), counts.GetProperty("applications").GetInt32(), counts.GetProperty("hires").GetInt32()));
        var listed = await xincheng.Http.GetFromJsonAsync<JsonElement>($"/api/fair-report?from={today}&to={today}");
        Assert.Equal(1, listed.GetProperty("items").EnumerateArray().Single(f => f.GetProperty("fair").GetProperty("fairId").GetString() == fair)
            .GetProperty("fair").GetProperty("counts").GetProperty("hires").GetInt32());

        // A retried POST (same fields, same office) answers 200 with the same fair, not a second one; a PATCH and a
        // cancel answer with the fair's counts as they are, not zeros.
        var retried = await xincheng.Http.PostAsJsonAsync("/api/fairs", fairBody);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(fair, (await retried.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("fair").GetProperty("fairId").GetString());
        var patched = await xincheng.Http.PatchAsync($"/api/fairs/{fair}", JsonContent.Create(new { place = "新城区人力资源市场" }));
        Assert.Equal(1, (await patched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("fair").GetProperty("counts").GetProperty("hires").GetInt32());
        var cancelledNow = await xincheng.Http.DeleteAsync($"/api/fairs/{fair}");
        Assert.Equal(1, (await cancelledNow.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("fair").GetProperty("counts").GetProperty("posts").GetInt32());
    }

    [Fact]
    public async Task Filters_KindAndEmployerTag_OnPostListsAndMatches_InvalidIs400()
    {
        var credit = TestData.NewCreditCode();
        await Client.UploadAndWaitAsync("/api/ledgers", TestData.Csv(ExtraHeader,
            Row(credit, "见习生", "K1", "3", "见习", "专精特新小巨人", ""),
            Row(credit, "工程师", "K2", "2", "普通", "链主、民营", ""),
            Row(credit, "助理", "K3", "1", "见习", "", ""),
            Row(credit, "坏标签", "K4", "1", "", "外企", "")));

        async Task<List<string?>> Ids(string query) => (await Client.GetFromJsonAsync<JsonElement>($"/api/vacancies?employerCreditCode={credit}&{query}"))
            .GetProperty("items").EnumerateArray().Select(v => v.GetProperty("vacancyId").GetString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal([$"{credit}-PK1", $"{credit}-PK3"], await Ids("kind=internship"));
        Assert.Equal([$"{credit}-PK1", $"{credit}-PK3"], await Ids("kind=见习"));
        Assert.Equal([$"{credit}-PK2"], await Ids("employerTag=chain_leader"));
        Assert.Equal([$"{credit}-PK1"], await Ids("employerTag=专精特新企业&kind=internship"));
        Assert.Empty(await Ids("employerTag=state_owned"));

        // The district office's list is scoped to its district and filtered the same way.
        var saihan = await host.OrganisationAsync("district", "saihan");
        var districtList = await saihan.Http.GetFromJsonAsync<JsonElement>($"/api/vacancies?employerCreditCode={credit}&employerTag=private");
        Assert.Empty(districtList.GetProperty("items").EnumerateArray());

        foreach (var bad in new[] { "/api/vacancies?kind=全职", "/api/vacancies?employerTag=' or 1 eq 1", "/api/vacancies?kind=internship' or PostKind ne 'x" })
        {
            var problem = await ProblemAsync(await Client.GetAsync(bad), HttpStatusCode.BadRequest);
            Assert.Equal("query.invalid", problem.GetProperty("code").GetString());
        }

        await ProblemAsync(await host.Anonymous.PostAsJsonAsync("/api/matches?employerTag=外企", new { degree = "本科", major = "软件工程", consent = new { matching = true } }), HttpStatusCode.BadRequest);
        await ProblemAsync(await host.Anonymous.PostAsJsonAsync("/api/matches?kind=全职", new { degree = "本科", major = "软件工程", consent = new { matching = true } }), HttpStatusCode.BadRequest);
        var matched = await host.Anonymous.PostAsJsonAsync("/api/matches?kind=internship&employerTag=specialised&personalized=false&top=100",
            new { degree = "本科", major = "电气工程及其自动化", university = "内蒙古工业大学", consent = new { matching = true, shareWithEmployers = false } });
        Assert.Equal(HttpStatusCode.OK, matched.StatusCode);
        var items = (await matched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("vacancyId").GetString()).ToList();
        Assert.Contains($"{credit}-PK1", items);
        Assert.DoesNotContain($"{credit}-PK2", items);
        Assert.DoesNotContain($"{credit}-PK3", items);
    }

    [Fact]
    public async Task Catalogue_BreakdownsByKindAndTag_OwnRowsAndSheets_KindsAddUpToTotal()
    {
        var credit = TestData.NewCreditCode();
        await Client.UploadAndWaitAsync("/api/ledgers", TestData.Csv(ExtraHeader,
            Row(credit, "公益岗", "B1", "7", "公益性岗位", "国有企业", ""),
            Row(credit, "派遣工", "B2", "5", "劳务派遣", "国有企业、链主企业", "")));
        var period = Period.Of(DateTimeOffset.UtcNow).ToString();
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync($"/api/manage/catalogues?period={period}", null)).StatusCode);

        var json = await Client.GetFromJsonAsync<JsonElement>($"/api/catalogues/{period}");
        var overall = json.GetProperty("overall");
        var kinds = json.GetProperty("byPostKind").EnumerateArray().ToList();
        Assert.Equal(overall.GetProperty("posts").GetInt32(), kinds.Sum(k => k.GetProperty("posts").GetInt32()));
        Assert.Equal(overall.GetProperty("headcount").GetInt64(), kinds.Sum(k => k.GetProperty("headcount").GetInt64()));
        Assert.True(kinds.Single(k => k.GetProperty("code").GetString() == "public_welfare").GetProperty("headcount").GetInt64() >= 7);
        var tags = json.GetProperty("byEmployerTag").EnumerateArray().ToList();
        Assert.True(tags.Single(t => t.GetProperty("code").GetString() == "state_owned").GetProperty("headcount").GetInt64() >= 12);

        var csv = Encoding.UTF8.GetString((await Client.GetByteArrayAsync($"/api/catalogues/{period}?format=csv"))[3..])
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).ToList();
        Assert.Equal("分组", csv[0][^1]);
        var kindRows = csv.Where(l => l[0] == "岗位类别").ToList();
        Assert.Equal(kinds.Count, kindRows.Count);
        Assert.Equal(kinds.Select(k => k.GetProperty("name").GetString()), kindRows.Select(r => r[12]));
        Assert.All(kindRows, r => Assert.Equal(string.Empty, r[3] + r[7] + r[8] + r[9]));
        Assert.Equal(tags.Count, csv.Count(l => l[0] == "企业标签"));

        var rows = XlsxBuilder.ReadRows(await Client.GetByteArrayAsync($"/api/catalogues/{period}?format=xlsx"), "企业标签");
        Assert.Equal(["企业标签", "岗位数", "招聘人数", "企业数"], rows[0]);
        Assert.Equal(tags.Select(t => t.GetProperty("name").GetString()), rows.Skip(1).Select(r => r[0]));

        var page = await Client.GetStringAsync($"/api/catalogues/{period}/page");
        Assert.Contains("id=\"post-kinds\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"employer-tags\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"headcount\"", page, StringComparison.Ordinal);
    }
}
