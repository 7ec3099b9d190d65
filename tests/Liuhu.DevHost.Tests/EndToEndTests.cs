using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Liuhu.Testing;

namespace Liuhu.DevHost.Tests;

/// <summary>Over real HTTP through the dev host, against a real Azurite: what an employer's system and a
/// placement office see.</summary>
[Collection(DevHostCollection.Name)]
public class EndToEndTests(DevHostFixture host)
{
    private HttpClient Client => host.Client;

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task UploadDemoLedger_StatusThenVacancies_RowsAcceptedAndRejectedWithExcelRows()
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(AzuriteFixture.RepositoryRoot(), "samples", "vacancy-ledger-demo.csv"));
        var status = await Client.UploadAndWaitAsync("/api/ledgers?fileName=demo.csv", bytes);

        Assert.Equal("completed", status.GetProperty("state").GetString());
        Assert.Equal(13, status.GetProperty("rowsTotal").GetInt32());
        var errors = status.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("code").GetString())).ToList();
        Assert.Equal([(12, "discrimination.gender"), (13, "discrimination.gender"), (15, "credit_code.checksum"), (16, "headcount.invalid")], errors);
        Assert.Equal(9, status.GetProperty("rowsAccepted").GetInt32());
        Assert.Equal(4, status.GetProperty("rowsRejected").GetInt32());

        var list = await Client.GetFromJsonAsync<JsonElement>("/api/vacancies?employerCreditCode=91150122MA0R3L4M57");
        var titles = list.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("title").GetString()).Order().ToList();
        Assert.Equal(["数据中心运维工程师", "数据分析师"], titles);
        Assert.All(list.GetProperty("items").EnumerateArray(), v => Assert.False(v.TryGetProperty("contactPhone", out _)));

        var one = await Client.GetFromJsonAsync<JsonElement>("/api/vacancies/91150122MA0R3L4M57-PHL-DA-02");
        Assert.Equal("next-gen-it", one.GetProperty("cluster").GetString());
        Assert.True(one.GetProperty("salary").GetProperty("negotiable").GetBoolean());
        Assert.Equal("15847100004", one.GetProperty("contactPhone").GetString());
    }

    [Fact]
    public async Task UploadXlsx_TitleRowsAndDateSerial_StoredWithParsedDate()
    {
        var credit = TestData.NewCreditCode();
        var xlsx = XlsxBuilder.Build([
            (1, ["2024年用工台账"]),
            (2, ["企业名称", "统一社会信用代码", "所属产业集群", "岗位名称", "岗位编号", "招聘人数", "有效期至", "工作地点"]),
            (3, ["示范", credit, "生物医药", "疫苗生产操作员", "V1", 4, 46568, "金桥开发区"]),
        ]);
        var status = await Client.UploadAndWaitAsync("/api/ledgers", xlsx);
        Assert.Equal(1, status.GetProperty("rowsAccepted").GetInt32());

        var vacancy = await Client.GetFromJsonAsync<JsonElement>($"/api/vacancies/{credit}-PV1");
        Assert.Equal("2027-06-30", vacancy.GetProperty("expiresOn").GetString());
        Assert.Equal("etdz", vacancy.GetProperty("district").GetString());
    }

    [Fact]
    public async Task UploadBadFiles_ProblemJsonInChineseAndEnglish_NothingStored()
    {
        var uploads = await CountUploadsAsync();
        var cases = new (byte[] Body, HttpStatusCode Status, string Code)[]
        {
            ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], HttpStatusCode.BadRequest, "file.corrupt"),
            (XlsBuilder.Build([(1, ["企业名称", "岗位名称"])], filePass: XlsBuilder.Rc4FilePass()), HttpStatusCode.BadRequest, "file.encrypted"),
            ([], HttpStatusCode.BadRequest, "file.empty"),
            (TestData.Csv(TestData.Header, "\"unterminated,"), HttpStatusCode.BadRequest, "csv.unterminated_quote"),
            (TestData.Csv("姓名,年龄", "张三,20"), HttpStatusCode.UnprocessableEntity, "header.not_found"),
            (new byte[DevHostFixture.MaxUploadBytes + 1], HttpStatusCode.RequestEntityTooLarge, "file.too_large"),
        };
        foreach (var (body, expectedStatus, code) in cases)
        {
            var response = await Client.PostAsync("/api/ledgers", new ByteArrayContent(body));
            Assert.Equal(expectedStatus, response.StatusCode);
            var problem = await ProblemAsync(response);
            Assert.Equal(code, problem.GetProperty("code").GetString());
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", problem.GetProperty("title").GetString()!);
            Assert.Matches("[A-Za-z]", problem.GetProperty("detail").GetString()!);
        }

        Assert.Equal(uploads, await CountUploadsAsync());
    }

    [Fact]
    public async Task PatchVacancy_Filled_ShownAndFilterable()
    {
        var credit = TestData.NewCreditCode();
        await Client.UploadAndWaitAsync("/api/ledgers", TestData.Csv(TestData.Header, TestData.VacancyRow(credit, "运维", postCode: "X1")));
        var response = await Client.PatchAsync($"/api/vacancies/{credit}-PX1", JsonContent.Create(new { status = "filled" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var filled = await Client.GetFromJsonAsync<JsonElement>($"/api/vacancies?employerCreditCode={credit}&status=filled");
        Assert.Single(filled.GetProperty("items").EnumerateArray());
        var bad = await Client.PatchAsync($"/api/vacancies/{credit}-PX1", JsonContent.Create(new { status = "sold" }));
        Assert.Equal("status.invalid", (await ProblemAsync(bad)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task GetVacancy_Unknown_404Problem()
    {
        var response = await Client.GetAsync($"/api/vacancies/{TestData.NewCreditCode()}-PNOPE");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("vacancy.not_found", (await ProblemAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task ListVacancies_BadFilter_400NamesParameter()
    {
        var response = await Client.GetAsync("/api/vacancies?cluster=%E7%85%A4%E7%82%AD"); // 煤炭: not a programme cluster
        var problem = await ProblemAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("cluster", problem.GetProperty("errors")[0].GetProperty("column").GetString());
    }

    [Fact]
    public async Task Graduate_PutGetDelete_ErasedAfterDelete()
    {
        var id = $"{TestData.UniversityCode}-G{Guid.NewGuid().ToString("N")[..10]}";
        var profile = new
        {
            name = "张三", phone = "13812341234", degree = "本科", major = "计算机科学与技术", majorCode = "080901", university = "内蒙古大学",
            graduationYear = 2024, skills = new[] { "Python", "SQL" }, preferredClusters = new[] { "新一代信息技术" }, preferredDistricts = new[] { "和林格尔新区" },
            expectedSalary = 6000, residency = "external", leftSchoolUnemployed = false, consent = new { matching = true, shareWithEmployers = false },
        };
        Assert.Equal(HttpStatusCode.OK, (await Client.PutAsJsonAsync($"/api/graduates/{id}", profile)).StatusCode);

        var stored = await Client.GetFromJsonAsync<JsonElement>($"/api/graduates/{id}");
        Assert.Equal("张三", stored.GetProperty("name").GetString());
        Assert.Equal(["next-gen-it"], stored.GetProperty("preferredClusters").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("external", stored.GetProperty("residency").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/graduates/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/graduates/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.DeleteAsync($"/api/graduates/{id}")).StatusCode);
    }

    [Fact]
    public async Task PutGraduate_InvalidFields_422WithEachField()
    {
        var response = await Client.PutAsJsonAsync($"/api/graduates/{TestData.UniversityCode}-G-bad", new { degree = "小学", major = "软件工程", university = "内蒙古大学", phone = "123", consent = new { matching = true } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var fields = (await ProblemAsync(response)).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("column").GetString()).ToList();
        Assert.Equal(["phone", "degree", "consent.shareWithEmployers"], fields);
    }

    [Fact]
    public async Task PutGraduate_NotJson_400Problem()
    {
        var response = await Client.PutAsync($"/api/graduates/{TestData.UniversityCode}-G1", new StringContent("{name:", Encoding.UTF8, "application/json"));
        Assert.Equal("json.invalid", (await ProblemAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task GraduateLedger_Upload_ProfilesStored()
    {
        var id = "U" + Guid.NewGuid().ToString("N")[..10];
        var csv = TestData.Csv("学号/编号,姓名,手机号,学历,专业,专业代码,毕业院校,同意匹配,同意向企业推荐", $"{id},李四,13912345678,大专,风力发电工程技术,430103,内蒙古机电职业技术学院,是,是");
        var status = await Client.UploadAndWaitAsync($"/api/graduate-ledgers?universityCode={TestData.UniversityCode}", csv);
        Assert.Equal(1, status.GetProperty("rowsAccepted").GetInt32());
        var stored = await Client.GetFromJsonAsync<JsonElement>($"/api/graduates/{TestData.UniversityCode}-{id}");
        Assert.Equal("associate", stored.GetProperty("degree").GetString());
    }

    [Fact]
    public async Task Health_StorageUp_200()
    {
        var response = await Client.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<int> CountUploadsAsync()
    {
        var container = new Azure.Storage.Blobs.BlobContainerClient(host.Azurite.ConnectionString, "ledger-uploads");
        var count = 0;
        await foreach (var _ in container.GetBlobsAsync())
        {
            count++;
        }

        return count;
    }
}
