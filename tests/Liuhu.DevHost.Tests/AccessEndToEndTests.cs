using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Liuhu.Core.Access;
using Liuhu.Core.Storage;
using Liuhu.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Liuhu.DevHost.Tests;

/// <summary>Cross-tenant attempts over real HTTP, each refused with a problem+json that reveals nothing of the
/// other tenant; namespaced graduate ids; complete erasure; links from configuration; credentials' life.</summary>
[Collection(DevHostCollection.Name)]
public class AccessEndToEndTests(DevHostFixture host)
{
    private static string NewUniversityCode() => "41" + Random.Shared.NextInt64(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<string> ProblemCodeAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    private async Task<(OrganisationClient Employer, string VacancyId)> EmployerWithPostAsync(string title)
    {
        var credit = TestData.NewCreditCode();
        var employer = await host.OrganisationAsync("employer", credit);
        var status = await employer.Http.UploadAndWaitAsync("/api/ledgers", TestData.Csv(TestData.Header, TestData.VacancyRow(credit, title, postCode: "X1")));
        Assert.Equal(1, status.GetProperty("rowsAccepted").GetInt32());
        return (employer, $"{credit}-PX1");
    }

    [Fact]
    public async Task UploadLedger_RowForAnotherEmployer_RowErrorNamesCodeOtherPostUnchanged()
    {
        var (victim, victimPost) = await EmployerWithPostAsync("原岗位名称");
        var (attacker, _) = await EmployerWithPostAsync("攻击者岗位");
        var victimCredit = victim.Code;

        var status = await attacker.Http.UploadAndWaitAsync("/api/ledgers", TestData.Csv(TestData.Header, TestData.VacancyRow(victimCredit, "被篡改的岗位", postCode: "X1")));

        var error = status.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal("credit_code.not_yours", error.GetProperty("code").GetString());
        Assert.Contains(victimCredit, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, status.GetProperty("rowsAccepted").GetInt32());
        var post = await victim.Http.GetFromJsonAsync<JsonElement>($"/api/vacancies/{victimPost}");
        Assert.Equal("原岗位名称", post.GetProperty("title").GetString());
        Assert.Equal(attacker.OrganisationId, status.GetProperty("uploadedBy").GetString());
    }

    [Fact]
    public async Task PatchOrCandidatesOfAnotherEmployersPost_404RevealingNothing()
    {
        var (_, victimPost) = await EmployerWithPostAsync("机密岗位甲");
        var (attacker, _) = await EmployerWithPostAsync("另一岗位");

        var patch = await attacker.Http.PatchAsync($"/api/vacancies/{victimPost}", new StringContent("{\"status\":\"withdrawn\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, patch.StatusCode);
        Assert.Equal("vacancy.not_found", await ProblemCodeAsync(patch));
        var read = await attacker.Http.GetAsync($"/api/vacancies/{victimPost}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.DoesNotContain("机密岗位甲", await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var candidates = await attacker.Http.GetAsync($"/api/vacancies/{victimPost}/candidates");
        Assert.Equal(HttpStatusCode.NotFound, candidates.StatusCode);

        // The same answer as for a post that does not exist at all.
        var missing = await attacker.Http.PatchAsync($"/api/vacancies/{TestData.NewCreditCode()}-PX1", new StringContent("{\"status\":\"withdrawn\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var list = await attacker.Http.GetFromJsonAsync<JsonElement>($"/api/vacancies?employerCreditCode={victimPost[..18]}");
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), v => v.GetProperty("vacancyId").GetString() == victimPost);
        Assert.Equal("open", (await host.Client.GetFromJsonAsync<JsonElement>($"/api/vacancies/{victimPost}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task AnotherUniversitysGraduate_ReadOrErase404_StillStored()
    {
        var mine = await host.OrganisationAsync("university", NewUniversityCode());
        var theirs = await host.OrganisationAsync("university", NewUniversityCode());
        var graduateId = $"{theirs.Code}-2024001";
        (await theirs.Http.PutAsJsonAsync($"/api/graduates/{graduateId}", new { name = "赵六", phone = "13900001111", degree = "本科", major = "软件工程", university = "内蒙古大学", consent = new { matching = true, shareWithEmployers = false } })).EnsureSuccessStatusCode();

        var read = await mine.Http.GetAsync($"/api/graduates/{graduateId}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.DoesNotContain("赵六", await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await mine.Http.DeleteAsync($"/api/graduates/{graduateId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mine.Http.PutAsJsonAsync($"/api/graduates/{graduateId}", new { degree = "本科", major = "软件工程", university = "内蒙古大学", consent = new { matching = true, shareWithEmployers = false } })).StatusCode);
        Assert.Equal("赵六", (await theirs.Http.GetFromJsonAsync<JsonElement>($"/api/graduates/{graduateId}")).GetProperty("name").GetString());

        // An employer never reads a graduate, even with an id it got hold of.
        var (employer, _) = await EmployerWithPostAsync("岗位");
        Assert.Equal(HttpStatusCode.Forbidden, (await employer.Http.GetAsync($"/api/graduates/{graduateId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await employer.Http.DeleteAsync($"/api/graduates/{graduateId}")).StatusCode);
    }

    [Fact]
    public async Task SameStudentNumberAtTwoUniversities_TwoGraduates()
    {
        var first = await host.OrganisationAsync("university", NewUniversityCode());
        var second = await host.OrganisationAsync("university", NewUniversityCode());
        const string header = "学号/编号,姓名,手机号,学历,专业,专业代码,毕业院校,同意匹配,同意向企业推荐";
        await first.Http.UploadAndWaitAsync("/api/graduate-ledgers", TestData.Csv(header, "2024001,王一,13900000001,本科,软件工程,080902,甲大学,是,是"));
        await second.Http.UploadAndWaitAsync("/api/graduate-ledgers", TestData.Csv(header, "2024001,李二,13900000002,大专,护理,520201,乙学院,是,否"));

        Assert.Equal("王一", (await first.Http.GetFromJsonAsync<JsonElement>($"/api/graduates/{first.Code}-2024001")).GetProperty("name").GetString());
        Assert.Equal("李二", (await second.Http.GetFromJsonAsync<JsonElement>($"/api/graduates/{second.Code}-2024001")).GetProperty("name").GetString());
    }

    [Fact]
    public async Task SiteMatches_NeedsTokenForThatGraduate_OthersAndExpiredRefusedAlike()
    {
        var university = await host.OrganisationAsync("university", NewUniversityCode());
        var site = await host.OrganisationAsync("site", "jobs");
        var graduate = $"{university.Code}-A1";
        var other = $"{university.Code}-A2";
        foreach (var id in new[] { graduate, other })
        {
            (await university.Http.PutAsJsonAsync($"/api/graduates/{id}", new { degree = "本科", major = "软件工程", university = "内蒙古大学", consent = new { matching = true, shareWithEmployers = false } })).EnsureSuccessStatusCode();
        }

        async Task<HttpResponseMessage> MatchAsync(string id, string? token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/graduates/{id}/matches?top=3");
            if (token is not null)
            {
                request.Headers.Add("X-Graduate-Token", token);
            }

            return await site.Http.SendAsync(request);
        }

        var issued = await (await site.Http.PostAsJsonAsync("/api/graduate-tokens", new { graduateId = graduate })).Content.ReadFromJsonAsync<JsonElement>();
        var token = issued.GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await MatchAsync(graduate, token)).StatusCode);

        var expired = new GraduateTokens(host.App.Services.GetRequiredService<DerivedKeys>(), Options.Create(new AccessOptions { GraduateTokenMinutes = 1 }),
            new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-5))).Issue(graduate, site.OrganisationId).Token;
        var nobody = $"{university.Code}-NOBODY";
        foreach (var (id, candidate) in new[] { (graduate, (string?)null), (other, token), (graduate, expired), (graduate, token + "x"), (nobody, null) })
        {
            var response = await MatchAsync(id, candidate);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("graduate_token.invalid", await ProblemCodeAsync(response));
        }

        // Without any credential the answer is the same whether the graduate exists or not.
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous.GetAsync($"/api/graduates/{graduate}/matches")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous.GetAsync($"/api/graduates/{nobody}/matches")).StatusCode);

        // Another site's token does not open it either.
        var otherSite = await host.OrganisationAsync("site", "mirror-site");
        using var foreign = new HttpRequestMessage(HttpMethod.Get, $"/api/graduates/{graduate}/matches");
        foreign.Headers.Add("X-Graduate-Token", token);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherSite.Http.SendAsync(foreign)).StatusCode);
    }

    [Fact]
    public async Task Credentials_RevokedRefused_RotatedNewWorks()
    {
        var university = await host.OrganisationAsync("university", NewUniversityCode());
        Assert.Equal(HttpStatusCode.OK, (await university.Http.GetAsync("/api/ledgers")).StatusCode);

        var rotated = await (await host.Client.PostAsync($"/api/manage/credentials/{university.CredentialId}/rotate", null)).Content.ReadFromJsonAsync<JsonElement>();
        using var fresh = host.NewClient(rotated.GetProperty("apiKey").GetString());
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/api/ledgers")).StatusCode);

        // The organisation's view never shows a secret or its hash.
        var detail = await host.Client.GetStringAsync($"/api/manage/organisations/{university.OrganisationId}");
        Assert.DoesNotContain(rotated.GetProperty("apiKey").GetString()!, detail, StringComparison.Ordinal);
        Assert.DoesNotContain("secretHash", detail, StringComparison.OrdinalIgnoreCase);

        (await host.Client.DeleteAsync($"/api/manage/credentials/{university.CredentialId}")).EnsureSuccessStatusCode();
        var refused = await university.Http.GetAsync("/api/ledgers");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("auth.invalid", await ProblemCodeAsync(refused));
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.NewClient("lh_cnotacredential_guess").GetAsync("/api/ledgers")).StatusCode);
    }

    [Fact]
    public async Task ListLedgers_OwnOnlyNewestFirst()
    {
        var (employer, _) = await EmployerWithPostAsync("第一份");
        var second = await employer.Http.UploadAndWaitAsync("/api/ledgers", TestData.Csv(TestData.Header, TestData.VacancyRow(employer.Code, "第二份", postCode: "X2")));
        var (other, _) = await EmployerWithPostAsync("别人的");

        var list = await employer.Http.GetFromJsonAsync<JsonElement>("/api/ledgers");
        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal(second.GetProperty("ledgerId").GetString(), items[0].GetProperty("ledgerId").GetString());
        Assert.All(items, i => Assert.Equal(employer.OrganisationId, i.GetProperty("uploadedBy").GetString()));
        Assert.All(items, i => Assert.Equal("completed", i.GetProperty("state").GetString()));
        Assert.DoesNotContain(items, i => i.GetProperty("uploadedBy").GetString() == other.OrganisationId);
    }

    [Fact]
    public async Task Links_HostHeaderIgnored_ConfiguredBaseUsed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ledgers") { Content = new ByteArrayContent(TestData.Csv(TestData.Header, TestData.VacancyRow(TestData.NewCreditCode(), "运维"))) };
        request.Headers.Host = "evil.example";
        var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.StartsWith(DevHostFixture.PublicBaseUrl + "/api/ledgers/", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erase_NothingInTablesOrBlobsLinksIdNameOrPhone()
    {
        var university = await host.OrganisationAsync("university", NewUniversityCode());
        var (employer, vacancyId) = await EmployerWithPostAsync("数据工程师");
        var studentNumber = "E" + Guid.NewGuid().ToString("N")[..10];
        var graduateId = $"{university.Code}-{studentNumber}";
        const string name = "钱七八";
        var last4 = Random.Shared.Next(1000, 10000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var phone = "1398765" + last4;
        (await university.Http.PutAsJsonAsync($"/api/graduates/{graduateId}", new
        {
            name, phone, degree = "本科", major = "计算机科学与技术", university = "内蒙古大学", skills = new[] { "Python" }, consent = new { matching = true, shareWithEmployers = true },
        })).EnsureSuccessStatusCode();

        // Leave traces everywhere a graduate can: an employer view (audit), outcomes, a bureau read (access log),
        // and a graduate file that failed and still holds the row.
        var candidates = await employer.Http.GetFromJsonAsync<JsonElement>($"/api/vacancies/{vacancyId}/candidates?top=100");
        var shown = candidates.GetProperty("items").EnumerateArray().Where(i => i.TryGetProperty("phone", out var p) && p.GetString() == "139****" + last4).ToList();

        // Other tests' graduates share this host and may outrank ours; the handle is then the one the employer would get.
        var handle = shown.Count > 0 ? shown[0].GetProperty("candidate").GetString()! : host.App.Services.GetRequiredService<CandidateHandles>().Seal(graduateId, employer.OrganisationId);
        var recorded = await (await employer.Http.PostAsJsonAsync("/api/outcomes", new[] { new { candidate = handle, vacancyId, @event = "interviewed" } })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, recorded.GetProperty("recorded").GetInt32());
        (await university.Http.PostAsJsonAsync("/api/outcomes", new[] { new { graduateId, vacancyId, @event = "hired" } })).EnsureSuccessStatusCode();
        (await host.Client.GetAsync($"/api/graduates/{graduateId}")).EnsureSuccessStatusCode();
        var uploads = host.App.Services.GetRequiredService<StorageClients>().Container(StorageNames.UploadsContainer);
        var stranded = new Liuhu.Core.Ingestion.LedgerStatus
        {
            LedgerId = Guid.NewGuid().ToString("N"), Kind = Liuhu.Core.Ingestion.LedgerKind.Graduate, State = Liuhu.Core.Ingestion.LedgerState.Processing,
            UploadedBy = university.OrganisationId, UploaderKind = OrganisationKind.University, Tenant = university.Code, CreatedAt = DateTimeOffset.UtcNow,
        };
        var ledgers = host.App.Services.GetRequiredService<ILedgerStore>();
        await uploads.GetBlobClient(stranded.LedgerId).UploadAsync(BinaryData.FromBytes(TestData.Csv("学号/编号,姓名,手机号,学历,专业,专业代码,毕业院校,同意匹配,同意向企业推荐", $"{studentNumber},{name},{phone},本科,软件工程,080902,内蒙古大学,是,是")));
        await ledgers.SaveStatusAsync(stranded, CancellationToken.None);
        await TableIndexAsync(stranded);

        // The profile's version history (point-in-time features for training) is there before erasure, and must go.
        Assert.NotEmpty(await host.App.Services.GetRequiredService<Liuhu.Core.Graduates.GraduateProfileVersions>().ReadAsync(graduateId, CancellationToken.None));

        Assert.Equal(HttpStatusCode.NoContent, (await university.Http.DeleteAsync($"/api/graduates/{graduateId}")).StatusCode);

        var clients = host.App.Services.GetRequiredService<StorageClients>();
        var needles = new[] { graduateId, name, phone };
        await foreach (var table in clients.Tables.QueryAsync())
        {
            await foreach (var entity in clients.Table(table.Name).QueryAsync<TableEntity>())
            {
                var text = string.Join("|", entity.Select(kv => kv.Value?.ToString()));
                Assert.False(needles.Any(n => text.Contains(n, StringComparison.Ordinal)), $"{table.Name}: {text}");
            }
        }

        await foreach (var container in clients.Blobs.GetBlobContainersAsync())
        {
            var blobs = clients.Container(container.Name);
            await foreach (var blob in blobs.GetBlobsAsync())
            {
                var text = (await blobs.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString();
                Assert.False(needles.Any(n => text.Contains(n, StringComparison.Ordinal)), $"{container.Name}/{blob.Name}");
            }
        }

        // The stranded ledger says why it will not complete; the handle opens to nothing; the outcomes still count.
        var failed = await ledgers.GetStatusAsync(stranded.LedgerId, CancellationToken.None);
        Assert.Equal("file.erased", failed!.Failure!.Code);
        var again = await (await employer.Http.PostAsJsonAsync("/api/outcomes", new[] { new { candidate = handle, vacancyId, @event = "hired" } })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, again.GetProperty("recorded").GetInt32());
        var erasedEvents = 0;
        await foreach (var o in host.App.Services.GetRequiredService<Liuhu.Core.Outcomes.IOutcomeStore>().ReadAllAsync(CancellationToken.None))
        {
            erasedEvents += o.VacancyId == vacancyId && o.GraduateId.StartsWith("erased-", StringComparison.Ordinal) ? 1 : 0;
        }

        Assert.Equal(2, erasedEvents);
    }

    private async Task TableIndexAsync(Liuhu.Core.Ingestion.LedgerStatus status)
    {
        var table = host.App.Services.GetRequiredService<StorageClients>().Table(StorageNames.LedgersTable);
        var row = NewestFirst.Key(status.CreatedAt, status.LedgerId);
        foreach (var partition in TableLedgerStore.IndexPartitions(status))
        {
            await table.UpsertEntityAsync(new TableEntity(partition, row) { ["LedgerId"] = status.LedgerId, ["Kind"] = status.Kind.ToString() });
        }
    }
}
