using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Liuhu.Core.Catalogues;
using Liuhu.Core.Storage;
using Liuhu.Testing;
using Xunit.Abstractions;

namespace Liuhu.DevHost.Tests;

/// <summary>A dev host whose Azurite keeps its data in a folder, so that the test can stop storage and start
/// it again on the same ports with everything still there.</summary>
public sealed class PersistentDevHostFixture : DevHostFixture
{
    private static readonly string Folder = Directory.CreateTempSubdirectory("liuhu-outage-").FullName;

    public PersistentDevHostFixture()
        : base(AzuriteFixture.Persistent(Folder))
    {
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}

/// <summary>Issue 9: with storage stopped, every route family answers 503 problem+json with Retry-After (not
/// 500 after half a minute); once storage is back the same requests succeed, and a ledger that was being
/// ingested when storage stopped completes with every row stored once. Its own host and Azurite.</summary>
public sealed class StorageOutageTests(PersistentDevHostFixture host, ITestOutputHelper output) : IClassFixture<PersistentDevHostFixture>
{
    private const int InFlightRows = 8_000;

    [Fact]
    public async Task EveryRouteFamily_StorageStoppedThenRestarted_503WithRetryAfterThenSucceeds_InFlightLedgerCompletesOnce()
    {
        var credit = TestData.NewCreditCode();
        var university = "41" + Random.Shared.NextInt64(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var employer = await host.OrganisationAsync("employer", credit);
        var school = await host.OrganisationAsync("university", university);
        var ledger = await employer.Http.UploadAndWaitAsync("/api/ledgers", TestData.Csv(TestData.Header, TestData.VacancyRow(credit, "运维工程师", postCode: "F1")));
        var ledgerId = ledger.GetProperty("ledgerId").GetString()!;
        var graduateId = $"{university}-S{Guid.NewGuid().ToString("N")[..8]}";
        (await school.Http.PutAsJsonAsync($"/api/graduates/{graduateId}", new { degree = "本科", major = "电气工程及其自动化", university = "内蒙古工业大学", consent = new { matching = true, shareWithEmployers = true } })).EnsureSuccessStatusCode();
        (await host.Client.PostAsync($"/api/manage/catalogues?period={Period.Of(DateTimeOffset.UtcNow)}", null)).EnsureSuccessStatusCode();
        (await host.Client.PostAsync("/api/manage/programme/progress", null)).EnsureSuccessStatusCode();

        // One request per route family, each as a caller allowed to make it.
        var requests = new (string Family, HttpClient Client, Func<HttpRequestMessage> Make)[]
        {
            ("ledgers", employer.Http, () => new(HttpMethod.Get, $"/api/ledgers/{ledgerId}")),
            ("vacancies", employer.Http, () => new(HttpMethod.Get, $"/api/vacancies?employerCreditCode={credit}")),
            ("graduates", school.Http, () => new(HttpMethod.Get, $"/api/graduates/{graduateId}")),
            ("matches", school.Http, () => new(HttpMethod.Get, $"/api/graduates/{graduateId}/matches")),
            ("outcomes", employer.Http, () => new(HttpMethod.Post, "/api/outcomes") { Content = new StringContent($$"""[{"graduateId":"{{graduateId}}","vacancyId":"{{credit}}-PF1","event":"viewed"}]""", Encoding.UTF8, "application/json") }),
            ("catalogues", host.Anonymous, () => new(HttpMethod.Get, "/api/catalogues/latest")),
            ("progress", host.Anonymous, () => new(HttpMethod.Get, "/api/programme/progress")),
            ("manage", host.Client, () => new(HttpMethod.Get, "/api/manage/organisations")),
        };
        foreach (var (family, client, make) in requests)
        {
            Assert.True((await client.SendAsync(make())).IsSuccessStatusCode, $"{family} before the outage");
        }

        // A ledger big enough to be mid-ingest when storage stops.
        var credits = Enumerable.Range(0, 20).Select(_ => TestData.NewCreditCode()).ToArray();
        var lines = new[] { TestData.Header }.Concat(Enumerable.Range(0, InFlightRows).Select(i => TestData.VacancyRow(credits[i % credits.Length], "岗位" + i, postCode: "R" + i)));
        var upload = await host.Client.PostAsync("/api/ledgers", new ByteArrayContent(TestData.Csv(lines.ToArray())));
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var inFlight = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ledgerId").GetString()!;
        var vacancies = new TableClient(host.Azurite.ConnectionString, StorageNames.VacanciesTable);
        while (await TableCounts.InPartitionsAsync(vacancies, credits[..1]) == 0)
        {
            await Task.Delay(20);
        }

        var stopping = Stopwatch.StartNew();
        host.Azurite.StopGracefully();
        output.WriteLine($"storage stopped in {stopping.Elapsed.TotalSeconds:0.0} s");
        try
        {
            var health = await host.Anonymous.GetAsync("/api/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            foreach (var (family, client, make) in requests)
            {
                var watch = Stopwatch.StartNew();
                var response = await client.SendAsync(make());
                output.WriteLine($"{family}: {(int)response.StatusCode} in {watch.Elapsed.TotalSeconds:0.0} s");
                Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{family}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"{family}: Retry-After");
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal("storage.unavailable", problem.GetProperty("code").GetString());
                Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", problem.GetProperty("title").GetString()!);
            }
        }
        finally
        {
            await host.Azurite.StartAsync();
        }

        foreach (var (family, client, make) in requests)
        {
            var response = await client.SendAsync(make());
            Assert.True(response.IsSuccessStatusCode, $"{family} after the outage: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Equal(HttpStatusCode.OK, (await host.Anonymous.GetAsync("/api/health")).StatusCode);
        var recovering = Stopwatch.StartNew();
        var done = await WaitForLedgerAsync(inFlight);
        output.WriteLine($"in-flight ledger completed {recovering.Elapsed.TotalSeconds:0.0} s after storage returned");
        Assert.Equal("completed", done.GetProperty("state").GetString());
        Assert.Equal(InFlightRows, done.GetProperty("rowsAccepted").GetInt32());
        var attempts = (await new TableClient(host.Azurite.ConnectionString, StorageNames.LedgersTable).GetEntityAsync<TableEntity>(inFlight, "status")).Value.GetInt32("Attempts");
        Assert.True(attempts >= 2, $"the outage interrupted the first attempt ({attempts} attempts)");
        Assert.Equal(InFlightRows, await TableCounts.InPartitionsAsync(vacancies, credits));
    }

    private async Task<JsonElement> WaitForLedgerAsync(string ledgerId)
    {
        for (var i = 0; i < 600; i++)
        {
            var status = await host.Client.GetFromJsonAsync<JsonElement>($"/api/ledgers/{ledgerId}");
            if (status.GetProperty("state").GetString() is "completed" or "failed")
            {
                return status;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The in-flight ledger did not complete within 2 minutes of storage returning.");
    }
}
