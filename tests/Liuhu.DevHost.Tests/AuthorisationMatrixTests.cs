using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Liuhu.Testing;

namespace Liuhu.DevHost.Tests;

/// <summary>Every route in the OpenAPI document × every kind of caller, over real HTTP through the dev host:
/// anonymous, each organisation kind on its own tenant and on another's, the bureau, the public site (without
/// a graduate token) and a revoked credential. The routes come from the document, so a new route without a row
/// here fails. Mutating routes get a request the function refuses after authorisation (an empty file, a body it
/// cannot use, an id that does not exist), so "allowed" shows as 400/404/422 and nothing is changed for real.
/// Its own host (and Azurite), since it publishes a catalogue and queues a training run.</summary>
public sealed class AuthorisationMatrixTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    // Columns: anonymous, employer (own), employer (other), university (own), university (other), district (own),
    // district (other), bureau, site (no graduate token), revoked credential.
    private static readonly Dictionary<string, int[]> Expected = new(StringComparer.Ordinal)
    {
        ["POST /ledgers"] = [401, 400, 400, 403, 403, 400, 400, 400, 403, 401],
        ["GET /ledgers"] = [401, 200, 200, 200, 200, 200, 200, 200, 403, 401],
        ["POST /graduate-ledgers"] = [401, 403, 403, 400, 400, 403, 403, 400, 403, 401],
        ["GET /ledgers/{ledgerId}"] = [401, 200, 404, 404, 404, 404, 404, 200, 403, 401],
        ["GET /ledgers/{ledgerId}/errors.xlsx"] = [401, 200, 404, 404, 404, 404, 404, 200, 403, 401],
        ["GET /ledger-templates/{kind}"] = [200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
        ["GET /vacancies"] = [401, 200, 200, 200, 200, 200, 200, 200, 200, 401],
        ["GET /vacancies/{vacancyId}"] = [401, 200, 404, 200, 200, 200, 404, 200, 200, 401],
        ["PATCH /vacancies/{vacancyId}"] = [401, 400, 404, 403, 403, 400, 404, 400, 403, 401],
        ["GET /vacancies/{vacancyId}/candidates"] = [401, 200, 404, 403, 403, 403, 403, 200, 403, 401],
        ["PUT /graduates/{graduateId}"] = [401, 403, 403, 422, 404, 403, 403, 422, 403, 401],
        ["GET /graduates/{graduateId}"] = [401, 403, 403, 200, 404, 403, 403, 200, 403, 401],
        ["DELETE /graduates/{graduateId}"] = [401, 403, 403, 404, 404, 403, 403, 404, 403, 401],
        ["GET /graduates/{graduateId}/matches"] = [401, 403, 403, 200, 404, 403, 403, 200, 403, 401],
        ["POST /graduate-tokens"] = [401, 403, 403, 403, 403, 403, 403, 400, 400, 401],
        ["POST /matches"] = [422, 422, 422, 422, 422, 422, 422, 422, 422, 401],
        ["POST /outcomes"] = [401, 200, 200, 200, 200, 403, 403, 200, 200, 401],
        ["POST /manage/model/train"] = [401, 403, 403, 403, 403, 403, 403, 202, 403, 401],
        ["GET /manage/model"] = [401, 403, 403, 403, 403, 403, 403, 200, 403, 401],
        ["POST /manage/catalogues"] = [401, 403, 403, 403, 403, 403, 403, 400, 403, 401],
        ["DELETE /manage/catalogues/{period}"] = [401, 403, 403, 403, 403, 403, 403, 404, 403, 401],
        ["POST /manage/programme/progress"] = [401, 403, 403, 403, 403, 403, 403, 200, 403, 401],
        ["POST /manage/organisations"] = [401, 403, 403, 403, 403, 403, 403, 400, 403, 401],
        ["GET /manage/organisations"] = [401, 403, 403, 403, 403, 403, 403, 200, 403, 401],
        ["GET /manage/organisations/{organisationId}"] = [401, 403, 403, 403, 403, 403, 403, 404, 403, 401],
        ["POST /manage/organisations/{organisationId}/credentials"] = [401, 403, 403, 403, 403, 403, 403, 404, 403, 401],
        ["POST /manage/credentials/{credentialId}/rotate"] = [401, 403, 403, 403, 403, 403, 403, 404, 403, 401],
        ["DELETE /manage/credentials/{credentialId}"] = [401, 403, 403, 403, 403, 403, 403, 404, 403, 401],
        ["GET /health"] = [200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
        ["GET /openapi.json"] = [200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
        ["GET /docs"] = [200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
        ["GET /catalogues"] = [200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
        ["GET /catalogues/latest"] = [404, 404, 404, 404, 404, 404, 404, 404, 404, 401],
        ["GET /catalogues/{period}"] = [404, 404, 404, 404, 404, 404, 404, 404, 404, 401],
        ["GET /catalogues/{period}/page"] = [404, 404, 404, 404, 404, 404, 404, 404, 404, 401],
        ["GET /programme/progress"] = [200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
        ["GET /programme/progress/page"] = [200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
        ["GET /programme/progress/report.xlsx"] = [200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
        ["GET /programme/progress/months"] = [200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
        ["GET /programme/progress/months/{month}"] = [404, 404, 404, 404, 404, 404, 404, 404, 404, 401],
        ["GET /programme/progress/months/{month}/report.xlsx"] = [404, 404, 404, 404, 404, 404, 404, 404, 404, 401],
        ["GET /programme/progress/months/{month}/page"] = [404, 404, 404, 404, 404, 404, 404, 404, 404, 401],
        ["POST /manage/programme/months/{month}"] = [401, 403, 403, 403, 403, 403, 403, 422, 403, 401],
        ["POST /employment-records"] = [401, 403, 403, 422, 422, 422, 422, 422, 403, 401],
        ["POST /employment-records/file"] = [401, 403, 403, 400, 400, 400, 400, 400, 403, 401],
        ["GET /programme/activities"] = [200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
        ["PUT /programme/activities/{indicator}/{month}"] = [401, 403, 403, 403, 403, 404, 404, 404, 403, 401],
        ["GET /programme/policy-uptake"] = [401, 403, 403, 403, 403, 403, 403, 200, 403, 401],
        ["GET /policies"] = [200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
        ["GET /policies/page"] = [200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
        ["POST /policies/eligibility"] = [200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
        ["GET /graduates/{graduateId}/policies"] = [401, 403, 403, 200, 404, 403, 403, 200, 403, 401],
        ["POST /manage/policies"] = [401, 403, 403, 403, 403, 403, 403, 422, 403, 401],
        ["GET /manage/policies/{policyId}"] = [401, 403, 403, 403, 403, 403, 403, 404, 403, 401],
        ["PUT /manage/policies/{policyId}"] = [401, 403, 403, 403, 403, 403, 403, 422, 403, 401],
        ["DELETE /manage/policies/{policyId}"] = [401, 403, 403, 403, 403, 403, 403, 404, 403, 401],
        ["GET /fairs"] = [200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
        ["POST /fairs"] = [401, 403, 403, 403, 403, 400, 400, 400, 403, 401],
        ["GET /fairs/{fairId}"] = [200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
        ["PATCH /fairs/{fairId}"] = [401, 403, 403, 403, 403, 400, 404, 400, 403, 401],
        ["DELETE /fairs/{fairId}"] = [401, 403, 403, 403, 403, 200, 404, 200, 403, 401],
        ["GET /fairs/{fairId}/posts"] = [401, 200, 200, 200, 200, 200, 200, 200, 200, 401],
        ["PUT /fairs/{fairId}/posts/{vacancyId}"] = [401, 409, 404, 403, 403, 409, 404, 409, 403, 401],
        ["DELETE /fairs/{fairId}/posts/{vacancyId}"] = [401, 200, 404, 403, 403, 200, 404, 200, 403, 401],
        ["GET /fair-report"] = [401, 403, 403, 403, 403, 200, 200, 200, 403, 401],
    };

    private static readonly string[] Columns = ["anonymous", "employer", "employer (other)", "university", "university (other)", "district", "district (other)", "bureau", "site", "revoked"];

    [Fact]
    public async Task EveryRoute_EveryCaller_ExpectedStatus()
    {
        var world = await World.CreateAsync(host);
        var document = await host.Anonymous.GetFromJsonAsync<JsonElement>("/api/openapi.json");
        var failures = new List<string>();
        var routes = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                routes++;
                var key = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                Assert.True(Expected.TryGetValue(key, out var expected), $"{key} is in the API document but has no row in the authorisation matrix");
                for (var column = 0; column < Columns.Length; column++)
                {
                    using var request = world.Request(operation.Name, path.Name);
                    var response = await world.Clients[column].SendAsync(request);
                    if ((int)response.StatusCode != expected[column])
                    {
                        failures.Add($"{key} as {Columns[column]}: {(int)response.StatusCode}, expected {expected[column]} ({await response.Content.ReadAsStringAsync()})");
                    }
                    else if (expected[column] is 401 or 403 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    {
                        failures.Add($"{key} as {Columns[column]}: a refusal without problem+json");
                    }
                }
            }
        }

        Assert.Equal(Expected.Count, routes);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>The tenants and resources the matrix addresses, made through the API itself.</summary>
    private sealed class World
    {
        public required HttpClient[] Clients { get; init; }

        public required Dictionary<string, string> Values { get; init; }

        private int requests;

        public static async Task<World> CreateAsync(DevHostFixture host)
        {
            var credit = TestData.NewCreditCode();
            var university = "41" + Random.Shared.NextInt64(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var employer = await host.OrganisationAsync("employer", credit);
            var otherEmployer = await host.OrganisationAsync("employer", TestData.NewCreditCode());
            var own = await host.OrganisationAsync("university", university);
            var otherUniversity = await host.OrganisationAsync("university", "41" + Random.Shared.NextInt64(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture));
            var district = await host.OrganisationAsync("district", "xincheng");
            var otherDistrict = await host.OrganisationAsync("district", "saihan");
            var site = await host.OrganisationAsync("site", "jobs");
            var revoked = await host.OrganisationAsync("employer", credit);
            (await host.Client.DeleteAsync($"/api/manage/credentials/{revoked.CredentialId}")).EnsureSuccessStatusCode();

            var ledger = await employer.Http.UploadAndWaitAsync("/api/ledgers", TestData.Csv(TestData.Header,
                TestData.VacancyRow(credit, "数据分析师", postCode: "M1", district: "新城区"), TestData.VacancyRow(credit, "文员", headcount: "若干", district: "新城区")));
            var graduateId = $"{university}-S{Guid.NewGuid().ToString("N")[..8]}";

            // The own district's fairs: one scheduled, one already cancelled (which the matrix's DELETE and link
            // calls address, so an allowed call changes nothing: cancelling again is a no-op, linking is refused).
            var fair = await CreateFairAsync(district.Http, "矩阵测试招聘会");
            var cancelled = await CreateFairAsync(district.Http, "矩阵测试招聘会（已取消）");
            (await district.Http.DeleteAsync($"/api/fairs/{cancelled}")).EnsureSuccessStatusCode();
            (await own.Http.PutAsJsonAsync($"/api/graduates/{graduateId}", new { degree = "本科", major = "软件工程", university = "内蒙古大学", consent = new { matching = true, shareWithEmployers = true } })).EnsureSuccessStatusCode();
            return new World
            {
                Clients = [host.Anonymous, employer.Http, otherEmployer.Http, own.Http, otherUniversity.Http, district.Http, otherDistrict.Http, host.Client, site.Http, revoked.Http],
                Values = new(StringComparer.Ordinal)
                {
                    ["ledgerId"] = ledger.GetProperty("ledgerId").GetString()!,
                    ["vacancyId"] = $"{credit}-PM1",
                    ["graduateId"] = graduateId,
                    ["period"] = "2020-01",
                    ["organisationId"] = "employer-NOSUCHORGANISATION",
                    ["credentialId"] = "cnosuchcredential",
                    ["policyId"] = "no-such-policy",
                    ["kind"] = "vacancy",
                    ["fairId"] = fair,
                    ["cancelledFairId"] = cancelled,
                    ["month"] = "2020-01",
                    ["indicator"] = "no_such_indicator",
                },
            };
        }

        // Two names: a create with the same fields as an earlier one answers with that fair (a retried POST).
        private static async Task<string> CreateFairAsync(HttpClient district, string name)
        {
            var response = await district.PostAsJsonAsync("/api/fairs", new { name, kind = "special", startsOn = "2030-05-01", place = "新城区人力资源市场" });
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("fair").GetProperty("fairId").GetString()!;
        }

        public HttpRequestMessage Request(string method, string template)
        {
            var path = "/api" + template;
            if (template.StartsWith("/fairs/{fairId}", StringComparison.Ordinal) && (method == "delete" || template.EndsWith("/posts/{vacancyId}", StringComparison.Ordinal)))
            {
                path = path.Replace("{fairId}", Values["cancelledFairId"], StringComparison.Ordinal);
            }

            foreach (var (name, value) in Values)
            {
                path = path.Replace("{" + name + "}", value, StringComparison.Ordinal);
            }

            // DELETE of a graduate addresses one of the university's that does not exist, so the bureau's and the
            // university's allowed call finds nothing to erase instead of erasing the world's graduate.
            if (method == "delete" && template == "/graduates/{graduateId}")
            {
                path = $"/api/graduates/{Values["graduateId"]}-none";
            }

            var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), path);

            // Each request from its own client address: the matrix is about who may call what, not about the
            // per-address limit that anonymous calls and wrong keys share (GuardTests covers that).
            request.Headers.Add("X-Forwarded-For", $"198.51.100.{Interlocked.Increment(ref requests) % 250}");
            request.Content = (method, template) switch
            {
                ("post", "/outcomes") => Json("[]"),
                ("post", "/manage/catalogues") => null,
                ("post", "/manage/programme/progress") => null,
                ("post", _) or ("put", _) or ("patch", _) => Json(template is "/ledgers" or "/graduate-ledgers" or "/employment-records/file" ? string.Empty : "{}"),
                _ => null,
            };
            if (template == "/manage/catalogues")
            {
                request.RequestUri = new Uri(path + "?period=2099-13", UriKind.Relative);
            }

            return request;
        }

        private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
    }
}
