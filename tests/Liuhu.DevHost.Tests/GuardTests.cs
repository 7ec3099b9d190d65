using System.Net;
using Liuhu.Core.Audit;

namespace Liuhu.DevHost.Tests;

/// <summary>Production guards that run in the function code, so the dev host shows them too.</summary>
[Collection(DevHostCollection.Name)]
public class GuardTests(DevHostFixture host)
{
    [Fact]
    public async Task AnonymousMatches_OverLimit_429WithRetryAfter_OtherClientsUnaffected()
    {
        var client = "203.0.113." + Random.Shared.Next(1, 250);
        HttpResponseMessage? limited = null;
        for (var i = 0; i <= DevHostFixture.RateLimitPerMinute; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/graduates/nobody/matches");
            request.Headers.Add("X-Forwarded-For", client);
            var response = await host.Anonymous.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
                break;
            }

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.NotNull(limited);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType!.MediaType);

        using var other = new HttpRequestMessage(HttpMethod.Get, "/api/graduates/nobody/matches");
        other.Headers.Add("X-Forwarded-For", "198.51.100.7");
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous.SendAsync(other)).StatusCode);

        // A forged first address does not buy a fresh bucket: the last one (the platform's) counts.
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/api/graduates/nobody/matches");
        forged.Headers.Add("X-Forwarded-For", "1.2.3.4, " + client);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await host.Anonymous.SendAsync(forged)).StatusCode);
    }

    [Fact]
    public async Task WrongKeys_OverAddressLimit_429()
    {
        var client = "203.0.113." + Random.Shared.Next(1, 250);
        using var guesser = host.NewClient(null);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= DevHostFixture.RateLimitPerMinute; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/ledgers");
            request.Headers.Add("X-Forwarded-For", client);
            request.Headers.Add("X-Api-Key", $"lh_cguess{i}_secret");
            statuses.Add((await guesser.SendAsync(request)).StatusCode);
        }

        Assert.All(statuses.SkipLast(1), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task Cors_PublicSiteOriginAllowed_OthersNot()
    {
        using var allowed = new HttpRequestMessage(HttpMethod.Options, "/api/health");
        allowed.Headers.Add("Origin", "https://jobs.example.org");
        allowed.Headers.Add("Access-Control-Request-Method", "GET");
        var response = await host.Client.SendAsync(allowed);
        Assert.Equal("https://jobs.example.org", response.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var other = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        other.Headers.Add("Origin", "https://evil.example.com");
        Assert.False((await host.Client.SendAsync(other)).Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Candidates_EveryView_Audited()
    {
        var credit = Liuhu.Testing.TestData.NewCreditCode();
        await host.Client.UploadAndWaitAsync("/api/ledgers", Liuhu.Testing.TestData.Csv(Liuhu.Testing.TestData.Header, Liuhu.Testing.TestData.VacancyRow(credit, "运维", postCode: "A1")));

        var vacancyId = $"{credit}-PA1";
        var employer = await host.OrganisationAsync("employer", credit);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/vacancies/{vacancyId}/candidates?top=3");
        request.Headers.Add("X-Employer-Id", "someone-else");
        Assert.Equal(HttpStatusCode.OK, (await employer.Http.SendAsync(request)).StatusCode);

        // The audit names the authenticated organisation and credential; a header the caller sets counts for nothing.
        var views = await host.App.Services.GetRequiredService<ICandidateViewAudit>().ForVacancyAsync(vacancyId, CancellationToken.None);
        Assert.Contains(views, v => v.Viewer == $"{employer.OrganisationId}/{employer.CredentialId}");
        Assert.DoesNotContain(views, v => v.Viewer.Contains("someone-else", StringComparison.Ordinal));
    }
}
