using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Liuhu.Testing;

namespace Liuhu.DevHost.Tests;

/// <summary>The policy list over real HTTP: the seeded list, eligibility for a posted profile and a stored
/// graduate, what a match item adds, the employer's hiring subsidies, and the page in a real browser.</summary>
[Collection(DevHostCollection.Name)]
public class PolicyEndToEndTests(DevHostFixture host)
{
    private static readonly int ThisYear = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).Year;

    private HttpClient Client => host.Client;

    private static JsonElement Item(JsonElement list, string policyId) =>
        list.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("policyId").GetString() == policyId);

    private static List<string> Reasons(JsonElement eligibility) =>
        eligibility.GetProperty("conditions").EnumerateArray().Select(c => c.GetProperty("reason").GetString()!).ToList();

    [Fact]
    public async Task ListPolicies_Seeded_PlanPoliciesWithAmountsOnlyAsStated()
    {
        var list = await host.Anonymous.GetFromJsonAsync<JsonElement>("/api/policies");
        var rental = Item(list, "affordable-rental-new-residents");
        Assert.Equal(0.7m, rental.GetProperty("benefit").GetProperty("maxShareOfMarketRent").GetDecimal());
        Assert.Equal("呼和浩特市住房和城乡建设局", rental.GetProperty("issuingUnit").GetString());
        Assert.False(Item(list, "youth-internship").GetProperty("benefit").TryGetProperty("maxAmountYuan", out _));
        Assert.Contains("policies.seed.json", Item(list, "social-insurance-flexible-employment").GetProperty("source").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckEligibility_ExternalLeftSchoolUnemployed_HousingAndSocialInsuranceEligibleWithReasons()
    {
        var response = await host.Anonymous.PostAsJsonAsync("/api/policies/eligibility", new
        {
            degree = "本科", graduationYear = ThisYear - 1, residency = "external", leftSchoolUnemployed = true, housing = "no_home",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = await response.Content.ReadFromJsonAsync<JsonElement>();

        var housing = Item(list, "affordable-rental-new-residents");
        Assert.Equal("eligible", housing.GetProperty("status").GetString());
        Assert.Contains("符合：新市民（非呼和浩特市户籍）（户籍情况：外地户籍）", Reasons(housing));
        var insurance = Item(list, "social-insurance-flexible-employment");
        Assert.Equal("eligible", insurance.GetProperty("status").GetString());
        Assert.Contains("符合：离校未就业（离校未就业：是）", Reasons(insurance));
        Assert.Contains("就业时须满足：灵活就业", Reasons(insurance));
        Assert.Equal("needs_information", Item(list, "graduate-rent-purchase-subsidy").GetProperty("status").GetString());
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), i => i.GetProperty("beneficiary").GetString() != "graduate");
    }

    [Fact]
    public async Task CheckEligibility_HohhotHukou_NewResidentHousingNotEligibleWithReason()
    {
        var list = await (await host.Anonymous.PostAsJsonAsync("/api/policies/eligibility", new { residency = "呼和浩特户籍", housing = "no_home" })).Content.ReadFromJsonAsync<JsonElement>();
        var housing = Item(list, "affordable-rental-new-residents");
        Assert.Equal("not_eligible", housing.GetProperty("status").GetString());
        Assert.Equal("不符合：新市民（非呼和浩特市户籍）", housing.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task CheckEligibility_PersonalDataOrBadValue_422NamesTheField()
    {
        var response = await host.Anonymous.PostAsJsonAsync("/api/policies/eligibility", new { name = "张三", residency = "火星", job = new { postKind = "兼职" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var fields = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("column").GetString()).ToList();
        Assert.Equal(["residency", "job.postKind", "name"], fields);
    }

    [Fact]
    public async Task GetGraduatePolicies_StoredGraduate_HousingGivenByQuery()
    {
        var id = $"{TestData.UniversityCode}-P{Guid.NewGuid().ToString("N")[..10]}";
        (await Client.PutAsJsonAsync($"/api/graduates/{id}", new
        {
            name = "王五", degree = "本科", major = "软件工程", university = "内蒙古大学", graduationYear = ThisYear, residency = "external",
            leftSchoolUnemployed = true, consent = new { matching = true, shareWithEmployers = false },
        })).EnsureSuccessStatusCode();

        var without = await Client.GetFromJsonAsync<JsonElement>($"/api/graduates/{id}/policies");
        Assert.Equal("needs_information", Item(without, "affordable-rental-new-residents").GetProperty("status").GetString());
        Assert.Contains("需补充信息：在呼和浩特市无自有住房（未登记住房情况）", Reasons(Item(without, "affordable-rental-new-residents")));
        Assert.Equal("eligible", Item(without, "social-insurance-flexible-employment").GetProperty("status").GetString());
        Assert.DoesNotContain("王五", without.GetRawText(), StringComparison.Ordinal);

        var with = await Client.GetFromJsonAsync<JsonElement>($"/api/graduates/{id}/policies?housing=no_home");
        Assert.Equal("eligible", Item(with, "affordable-rental-new-residents").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.GetAsync($"/api/graduates/{id}/policies?housing=palace")).StatusCode);

        var uptake = await host.Anonymous.GetFromJsonAsync<JsonElement>("/api/programme/policy-uptake");
        Assert.True(Item(uptake, "unemployed-graduate-assistance").GetProperty("eligible").GetInt32() >= 1);
    }

    [Fact]
    public async Task MatchItems_InternshipAndDormitoryPosts_ActionableWithPoliciesIfHired()
    {
        var credit = TestData.NewCreditCode();
        await Client.UploadAndWaitAsync("/api/ledgers", TestData.Csv(TestData.Header + ",岗位类别",
            TestData.VacancyRow(credit, "见习技术员", postCode: "J1", district: "清水河县", benefits: "员工宿舍", description: new string('运', 150)) + ",见习",
            TestData.VacancyRow(credit, "运维工程师", postCode: "J2", district: "清水河县", benefits: "员工宿舍、班车") + ",普通"));
        var response = await host.Anonymous.PostAsJsonAsync("/api/matches?personalized=false&top=50&district=qingshuihe", new
        {
            degree = "本科", major = "电气工程及其自动化", university = "内蒙古工业大学", residency = "external", consent = new { matching = true, shareWithEmployers = false },
        });
        var items = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().ToList();
        var internship = items.Single(i => i.GetProperty("vacancyId").GetString() == $"{credit}-PJ1");
        var dormitory = items.Single(i => i.GetProperty("vacancyId").GetString() == $"{credit}-PJ2");

        Assert.Equal("internship", internship.GetProperty("postKind").GetString());
        Assert.Equal("就业见习岗位", internship.GetProperty("postKindName").GetString());
        var ifHired = internship.GetProperty("ifHired").EnumerateArray().ToList();
        Assert.Equal(["youth-internship"], ifHired.Select(p => p.GetProperty("policyId").GetString()));
        Assert.Contains("符合：在就业见习岗位见习（岗位类别：就业见习岗位）", Reasons(ifHired[0]));
        Assert.Equal(0, dormitory.GetProperty("ifHired").GetArrayLength());

        Assert.Equal("清水河县", internship.GetProperty("districtName").GetString());
        Assert.Equal("新能源", internship.GetProperty("clusterName").GetString());
        Assert.Equal("本科", internship.GetProperty("degreeName").GetString());
        Assert.Equal(["电气工程及其自动化"], internship.GetProperty("majors").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("2027-06-30", internship.GetProperty("expiresOn").GetString());
        Assert.Equal(121, internship.GetProperty("descriptionExcerpt").GetString()!.Length);
        Assert.Equal("13847100001", internship.GetProperty("apply").GetProperty("contactPhone").GetString());

        // 员工宿舍 is what the ledger says; it is not a 人才公寓.
        Assert.Equal(["员工宿舍", "班车"], dormitory.GetProperty("benefitKinds").EnumerateArray().Select(b => b.GetProperty("name").GetString()));
        Assert.Equal(["员工宿舍", "班车"], dormitory.GetProperty("benefits").EnumerateArray().Select(b => b.GetString()));
        Assert.DoesNotContain("人才公寓", dormitory.GetProperty("benefitKinds").GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("人才公寓", dormitory.GetProperty("ifHired").GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmployerPostView_BureauEnteredHireSubsidy_ShownWithWhomToHire()
    {
        var id = "hire-subsidy-" + Guid.NewGuid().ToString("N")[..8];
        var created = await Client.PostAsJsonAsync("/api/manage/policies", new
        {
            policyId = id, name = "吸纳离校未就业高校毕业生补贴（测试）", issuingUnit = "呼和浩特市人力资源和社会保障局", legalBasis = "测试录入",
            beneficiary = "employer",
            conditions = new[] { new { fact = "graduate.leftSchoolUnemployed", op = "in", values = new[] { "true" }, label = "离校未就业" } },
            benefit = new { summary = "一次性补贴", amountText = "人社局录入的标准" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        try
        {
            var credit = TestData.NewCreditCode();
            var employer = await host.OrganisationAsync("employer", credit);
            await employer.Http.UploadAndWaitAsync("/api/ledgers", TestData.Csv(TestData.Header, TestData.VacancyRow(credit, "质检员", postCode: "S1")));
            var post = await employer.Http.GetFromJsonAsync<JsonElement>($"/api/vacancies/{credit}-PS1");
            var subsidy = post.GetProperty("hiringSubsidies").EnumerateArray().Single(s => s.GetProperty("policyId").GetString() == id);
            Assert.Equal("eligible", subsidy.GetProperty("status").GetString());
            Assert.Equal(["所聘毕业生须满足：离校未就业"], Reasons(subsidy));

            var university = await host.OrganisationAsync("university", TestData.UniversityCode);
            Assert.False((await university.Http.GetFromJsonAsync<JsonElement>($"/api/vacancies/{credit}-PS1")).TryGetProperty("hiringSubsidies", out _));
        }
        finally
        {
            Assert.Equal(HttpStatusCode.OK, (await Client.DeleteAsync($"/api/manage/policies/{id}")).StatusCode);
        }

        var versions = await Client.GetFromJsonAsync<JsonElement>($"/api/manage/policies/{id}");
        Assert.Equal(["active", "retired"], versions.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("status").GetString()));
        Assert.DoesNotContain((await Client.GetFromJsonAsync<JsonElement>("/api/policies")).GetProperty("items").EnumerateArray(), p => p.GetProperty("policyId").GetString() == id);
    }

    [Fact]
    public async Task CatalogueAndProgressPages_LinkToThePolicyList()
    {
        Assert.Contains("href=\"../../policies/page\"", await Client.GetStringAsync("/api/programme/progress/page"), StringComparison.Ordinal);
        var period = $"{DateTimeOffset.UtcNow:yyyy-MM}";
        (await Client.PostAsync($"/api/manage/catalogues?period={period}", null)).EnsureSuccessStatusCode();
        Assert.Contains("href=\"../../policies/page\"", await Client.GetStringAsync($"/api/catalogues/{period}/page"), StringComparison.Ordinal);
    }

    /// <summary>Debian's Chromium opens the page from the dev host; the screenshot is kept as artifacts/screenshots/policies.png.</summary>
    [Fact]
    public async Task PolicyPage_InHeadlessChromium_RendersEveryPolicyWithoutConsoleErrors()
    {
        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        Assert.True(chromium is not null, "Chromium is not installed: ./test.sh installs Debian's chromium package.");
        var url = $"{Client.BaseAddress}api/policies/page";
        var artefacts = Path.Combine(AzuriteFixture.RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(artefacts);
        var screenshot = Path.Combine(artefacts, "policies.png");
        File.Delete(screenshot);

        var dom = await CatalogueEndToEndTests.RunChromiumAsync(chromium!, "--dump-dom", url);
        await CatalogueEndToEndTests.RunChromiumAsync(chromium!, $"--screenshot={screenshot}", "--window-size=1280,2400", url);

        var count = (await host.Anonymous.GetFromJsonAsync<JsonElement>("/api/policies")).GetProperty("items").GetArrayLength();
        Assert.Equal(count + 1, dom.Output.Split("class=\"policy\"").Length);
        Assert.Contains("就业创业扶持政策清单", dom.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", dom.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Uncaught", dom.Error, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"CONSOLE\(\d+\).*(error|Error)", dom.Error);
        Assert.True(new FileInfo(screenshot).Length > 10_000, "a screenshot of the rendered page was saved");
    }
}
