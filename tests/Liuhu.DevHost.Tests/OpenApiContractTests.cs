using System.Net.Http.Json;
using System.Text.Json;
using Json.Schema;
using Liuhu.Testing;
using Microsoft.Azure.Functions.Worker;

namespace Liuhu.DevHost.Tests;

/// <summary>The OpenAPI document served at /api/openapi.json describes every function route with its auth, and
/// real responses validate against its schemas.</summary>
[Collection(DevHostCollection.Name)]
public class OpenApiContractTests(DevHostFixture host)
{
    private HttpClient Client => host.Client;

    private async Task<JsonElement> DocumentAsync()
    {
        var response = await Client.GetAsync("/api/openapi.json");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static readonly Liuhu.Functions.Http.RoutePolicies Policies = new(DevHostApp.FunctionsAssembly);

    /// <summary>The organisation kinds a route's policy lets in, as the document names them (the bureau always).</summary>
    private static List<string> DeclaredCallers(Liuhu.Functions.Http.RoutePolicy policy) =>
        new[] { ("anonymous", Liuhu.Functions.Http.Callers.Anonymous), ("employer", Liuhu.Functions.Http.Callers.Employer), ("university", Liuhu.Functions.Http.Callers.University),
            ("district", Liuhu.Functions.Http.Callers.District), ("bureau", Liuhu.Functions.Http.Callers.Bureau), ("site", Liuhu.Functions.Http.Callers.Site) }
        .Where(k => policy.Allows(k.Item2)).Select(k => k.Item1).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task Document_EveryHttpFunction_PathMethodAndAuth()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");
        foreach (var function in FunctionCatalog.Discover(DevHostApp.FunctionsAssembly).Where(f => f.Trigger == TriggerKind.Http))
        {
            var path = "/" + function.Route;
            Assert.True(paths.TryGetProperty(path, out var item), $"{function.Name}: {path} is not in the document");
            foreach (var method in function.HttpMethods!)
            {
                Assert.True(item.TryGetProperty(method, out var operation), $"{function.Name}: {method} {path} is not in the document");
                Assert.Equal(function.Name, operation.GetProperty("operationId").GetString());
                var policy = Policies.ForFunction(function.Name);
                var security = operation.GetProperty("security").EnumerateArray().SelectMany(s => s.EnumerateObject().Select(p => p.Name)).Distinct().ToList();
                Assert.Equal(policy.Allows(Liuhu.Functions.Http.Callers.Anonymous) ? [] : new List<string> { "apiKey" }, security.Where(s => s != "graduateToken"));
                var callers = operation.GetProperty("x-liuhu-callers").EnumerateArray().Select(c => c.GetString()!).Order(StringComparer.Ordinal).ToList();
                Assert.Equal(DeclaredCallers(policy), callers);
            }
        }
    }

    [Fact]
    public async Task Document_EveryOperationDescribesProblemJsonErrors()
    {
        foreach (var item in (await DocumentAsync()).GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in item.Value.EnumerateObject().Where(o => o.Value.GetProperty("operationId").GetString() is not ("GetOpenApiDocument" or "GetApiDocs")))
            {
                var errors = operation.Value.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('4') || r.Name.StartsWith('5')).ToList();
                Assert.NotEmpty(errors);
                Assert.All(errors, e => Assert.True(e.Value.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{item.Name} {operation.Name} {e.Name}"));
            }
        }
    }

    [Fact]
    public async Task RealResponses_ValidateAgainstTheirSchemas()
    {
        var document = await DocumentAsync();
        var credit = TestData.NewCreditCode();
        var upload = await Client.PostAsync("/api/ledgers", new ByteArrayContent(TestData.Csv(TestData.Header, TestData.VacancyRow(credit, "运维", postCode: "C1"), TestData.VacancyRow(credit, "限男", description: "限男性"))));
        await AssertValidAsync(document, "/ledgers", "post", upload);
        var statusUrl = upload.Headers.Location!.AbsolutePath;
        HttpResponseMessage status;
        do
        {
            await Task.Delay(100);
            status = await Client.GetAsync(statusUrl);
        }
        while (!(await status.Content.ReadAsStringAsync()).Contains("\"completed\"", StringComparison.Ordinal));

        await AssertValidAsync(document, "/ledgers/{ledgerId}", "get", await Client.GetAsync(statusUrl));
        await AssertValidAsync(document, "/vacancies", "get", await Client.GetAsync($"/api/vacancies?employerCreditCode={credit}"));
        await AssertValidAsync(document, "/vacancies/{vacancyId}", "get", await Client.GetAsync($"/api/vacancies/{credit}-PC1"));
        await AssertValidAsync(document, "/vacancies/{vacancyId}", "get", await Client.GetAsync($"/api/vacancies/{credit}-PNONE"));
        await AssertValidAsync(document, "/vacancies/{vacancyId}/candidates", "get", await Client.GetAsync($"/api/vacancies/{credit}-PC1/candidates"));
        var id = $"{TestData.UniversityCode}-OA{Guid.NewGuid().ToString("N")[..8]}";
        await AssertValidAsync(document, "/graduates/{graduateId}", "put", await Client.PutAsJsonAsync($"/api/graduates/{id}", new
        {
            name = "李四", degree = "本科", major = "电气工程及其自动化", university = "内蒙古工业大学", consent = new { matching = true, shareWithEmployers = true },
        }));
        await AssertValidAsync(document, "/graduates/{graduateId}", "put", await Client.PutAsJsonAsync($"/api/graduates/{id}", new { degree = "小学" }));
        await AssertValidAsync(document, "/graduates/{graduateId}", "get", await Client.GetAsync($"/api/graduates/{id}"));
        await AssertValidAsync(document, "/graduates/{graduateId}/matches", "get", await Client.GetAsync($"/api/graduates/{id}/matches"));
        await AssertValidAsync(document, "/outcomes", "post", await Client.PostAsJsonAsync("/api/outcomes", new[] { new { graduateId = id, vacancyId = $"{credit}-PC1", @event = "applied" } }));
        await AssertValidAsync(document, "/manage/model", "get", await Client.GetAsync("/api/manage/model"));
        await AssertValidAsync(document, "/health", "get", await Client.GetAsync("/api/health"));
        await AssertValidAsync(document, "/policies", "get", await Client.GetAsync("/api/policies"));
        await AssertValidAsync(document, "/policies/eligibility", "post", await Client.PostAsJsonAsync("/api/policies/eligibility", new { residency = "external", job = new { postKind = "internship" } }));
        await AssertValidAsync(document, "/policies/eligibility", "post", await Client.PostAsJsonAsync("/api/policies/eligibility", new { residency = "mars" }));
        await AssertValidAsync(document, "/graduates/{graduateId}/policies", "get", await Client.GetAsync($"/api/graduates/{id}/policies?housing=no_home"));
        await AssertValidAsync(document, "/programme/policy-uptake", "get", await Client.GetAsync("/api/programme/policy-uptake"));
        await AssertValidAsync(document, "/manage/policies/{policyId}", "get", await Client.GetAsync("/api/manage/policies/youth-internship"));
        await AssertValidAsync(document, "/manage/policies", "post", await Client.PostAsJsonAsync("/api/manage/policies", new { policyId = "x" }));
    }

    [Fact]
    public async Task AssertValid_BodyMissingRequiredFields_Fails()
    {
        var document = await DocumentAsync();
        using var fake = new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = JsonContent.Create(new { status = "healthy" }) };
        await Assert.ThrowsAnyAsync<Xunit.Sdk.XunitException>(() => AssertValidAsync(document, "/health", "get", fake));
    }

    [Fact]
    public async Task Docs_PageServedWithoutExternalResources()
    {
        var html = await Client.GetStringAsync("/api/docs");
        Assert.Contains("openapi.json", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    private static async Task AssertValidAsync(JsonElement document, string path, string method, HttpResponseMessage response)
    {
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var described = document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses");
        Assert.True(described.TryGetProperty(status, out var spec), $"{method} {path} answered {status}, which the document does not describe");
        var mediaType = response.Content.Headers.ContentType!.MediaType!;
        Assert.True(spec.GetProperty("content").TryGetProperty(mediaType, out var content), $"{method} {path} {status}: {mediaType} not described");

        // The components become $defs of one schema, so the document's own $refs resolve inside it.
        var components = document.GetProperty("components").GetProperty("schemas").GetRawText().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        var target = content.GetProperty("schema").GetRawText().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        var schemaText = $$"""{"$schema":"https://json-schema.org/draft/2020-12/schema","$defs":{{components}},"allOf":[{{target}}]}""";
        var schema = JsonSchema.FromText(schemaText, baseUri: new Uri($"https://liuhu.test/schemas/{Guid.NewGuid():N}"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var result = schema.Evaluate(body, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, $"{method} {path} {status} does not match its schema: " + string.Join("; ",
            (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join(",", d.Errors!.Values)}")) + "\n" + body.GetRawText());
    }
}
