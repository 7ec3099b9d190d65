using Liuhu.Core.Catalogues;
using Liuhu.Core.Problems;
using Liuhu.Core.Tests.Ingestion;
using Liuhu.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Liuhu.Core.Tests.Catalogues;

[Collection(AzuriteCollection.Name)]
public class CatalogueServiceTests(AzuriteFixture azurite)
{
    // 2031-05-31 16:30 UTC is 2031-06-01 00:30 in Beijing: June has begun there, not yet in UTC.
    private static readonly DateTimeOffset JuneInBeijing = new(2031, 5, 31, 16, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task PublishAsync_MonthNotBegunInBeijing_Refused422NothingStored()
    {
        await using var services = await StorageTestHost.StartAsync(azurite, new FakeTimeProvider(JuneInBeijing));
        var catalogues = services.GetRequiredService<CatalogueService>();

        var refused = await Assert.ThrowsAsync<ProblemException>(() => catalogues.PublishAsync(new Period(2031, 7), CancellationToken.None));

        Assert.Equal(422, refused.Problem.Status);
        Assert.Equal("period.future", refused.Problem.Code);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", refused.Problem.Title);
        Assert.Contains("2031-07", refused.Problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(await catalogues.ListAsync(CancellationToken.None), c => c.Period == "2031-07");

        // The month that has begun in Beijing (though not in UTC) is the current one and can be published.
        Assert.Equal("2031-06", (await catalogues.PublishAsync(new Period(2031, 6), CancellationToken.None)).Period);
        Assert.True(await catalogues.WithdrawAsync(new Period(2031, 6), CancellationToken.None));
    }

    [Fact]
    public async Task WithdrawAsync_PublishedPeriod_GoneFromListLatestAndReads_RepublishWorks()
    {
        await using var services = await StorageTestHost.StartAsync(azurite, new FakeTimeProvider(new DateTimeOffset(2032, 3, 10, 0, 0, 0, TimeSpan.Zero)));
        var catalogues = services.GetRequiredService<CatalogueService>();
        await catalogues.PublishAsync(new Period(2032, 2), CancellationToken.None);
        await catalogues.PublishAsync(new Period(2032, 3), CancellationToken.None);
        Assert.Equal("2032-03", await catalogues.LatestPeriodAsync(CancellationToken.None));

        Assert.True(await catalogues.WithdrawAsync(new Period(2032, 3), CancellationToken.None));

        Assert.Equal("2032-02", await catalogues.LatestPeriodAsync(CancellationToken.None));
        Assert.DoesNotContain(await catalogues.ListAsync(CancellationToken.None), c => c.Period == "2032-03");
        var gone = await Assert.ThrowsAsync<ProblemException>(() => catalogues.GetAsync(new Period(2032, 3), CancellationToken.None));
        Assert.Equal(404, gone.Problem.Status);
        await Assert.ThrowsAsync<ProblemException>(() => catalogues.GetPageAsync(new Period(2032, 3), CancellationToken.None));
        Assert.False(await catalogues.WithdrawAsync(new Period(2032, 3), CancellationToken.None));

        await catalogues.PublishAsync(new Period(2032, 3), CancellationToken.None);
        Assert.Equal("2032-03", await catalogues.LatestPeriodAsync(CancellationToken.None));
        Assert.Equal("2032-03", (await catalogues.GetAsync(new Period(2032, 3), CancellationToken.None)).Period);

        Assert.True(await catalogues.WithdrawAsync(new Period(2032, 3), CancellationToken.None));
        Assert.True(await catalogues.WithdrawAsync(new Period(2032, 2), CancellationToken.None));
    }
}
