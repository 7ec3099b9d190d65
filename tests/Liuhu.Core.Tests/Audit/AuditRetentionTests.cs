using Liuhu.Core.Audit;
using Liuhu.Core.Tests.Ingestion;
using Liuhu.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Liuhu.Core.Tests.Audit;

[Collection(AzuriteCollection.Name)]
public class AuditRetentionTests(AzuriteFixture azurite)
{
    // Other tests write from 2024 on; with this clock and the default retention (1095 days) only records before
    // 2018 can expire, so theirs are neither deleted nor counted here.
    private static readonly DateTimeOffset Now = new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task PurgeExpiredAsync_RecordsOlderThanRetention_DeletedAndNewerKept()
    {
        var time = new FakeTimeProvider(Now);
        await using var services = await StorageTestHost.StartAsync(azurite, time);
        var accessLog = services.GetRequiredService<AccessLog>();
        var views = services.GetRequiredService<ICandidateViewAudit>();
        var marker = Guid.NewGuid().ToString("N");
        var expired = Now.AddDays(-1096);
        var kept = Now.AddDays(-1094);
        await accessLog.RecordAsync(new AccessRecord(expired, "org-old", "cred-" + marker, "GetPost", "GET", new Dictionary<string, string>(), 200), CancellationToken.None);
        await accessLog.RecordAsync(new AccessRecord(kept, "org-new", "cred-" + marker, "GetPost", "GET", new Dictionary<string, string>(), 200), CancellationToken.None);
        var post = "post-" + marker;
        await views.RecordAsync(new CandidateView(post, "employer/old", ["p1"], expired), CancellationToken.None);
        await views.RecordAsync(new CandidateView(post, "employer/new", ["p2"], kept), CancellationToken.None);

        var purge = await services.GetRequiredService<AuditRetention>().PurgeExpiredAsync(CancellationToken.None);

        Assert.True(purge.AccessRecords >= 1);
        Assert.True(purge.CandidateViews >= 1);
        Assert.Empty(await MineAsync(accessLog, expired, marker));
        Assert.Equal("org-new", Assert.Single(await MineAsync(accessLog, kept, marker)).OrganisationId);
        Assert.Equal("employer/new", Assert.Single(await views.ForVacancyAsync(post, CancellationToken.None)).Viewer);
    }

    [Fact]
    public async Task PurgeExpiredAsync_RunTwice_SecondRunDeletesNothingOfMine()
    {
        var time = new FakeTimeProvider(Now);
        await using var services = await StorageTestHost.StartAsync(azurite, time);
        var views = services.GetRequiredService<ICandidateViewAudit>();
        var post = "post-" + Guid.NewGuid().ToString("N");
        for (var i = 0; i < 130; i++)
        {
            // More than one transaction's worth in one partition.
            await views.RecordAsync(new CandidateView(post, "employer/old", ["p" + i], Now.AddDays(-1200).AddMinutes(i)), CancellationToken.None);
        }

        var retention = services.GetRequiredService<AuditRetention>();
        var first = await retention.PurgeExpiredAsync(CancellationToken.None);
        var second = await retention.PurgeExpiredAsync(CancellationToken.None);

        Assert.True(first.CandidateViews >= 130);
        Assert.Equal(0, second.CandidateViews);
        Assert.Empty(await views.ForVacancyAsync(post, CancellationToken.None));
    }

    [Theory]
    [InlineData(179, 1095, false)]
    [InlineData(180, 1095, true)]
    [InlineData(3651, 1095, false)]
    [InlineData(1095, 1094, false)]
    [InlineData(1095, 3650, true)]
    public void AuditOptions_Retention_NoShorterThanTheLawRequires(int accessLogDays, int candidateViewDays, bool valid)
    {
        var options = new AuditOptions { AccessLogRetentionDays = accessLogDays, CandidateViewRetentionDays = candidateViewDays };

        var result = new DataAnnotationValidateOptions<AuditOptions>(null).Validate(null, options);

        Assert.Equal(valid, result.Succeeded);
    }

    private static async Task<List<AccessRecord>> MineAsync(AccessLog log, DateTimeOffset day, string marker)
    {
        var mine = new List<AccessRecord>();
        await foreach (var record in log.ForDayAsync(day, CancellationToken.None))
        {
            if (record.CredentialId == "cred-" + marker)
            {
                mine.Add(record);
            }
        }

        return mine;
    }
}
