using Liuhu.Core.Storage;
using Liuhu.Matching.Serving;
using Liuhu.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Liuhu.Matching.Tests.Serving;

/// <summary>Impressions are written behind the response from a bounded queue: what fits is written (under the
/// graduate's pseudonym), what does not is dropped and counted; a profile posted anonymously logs nothing.</summary>
public sealed class ImpressionLogTests : IAsyncLifetime
{
    private readonly AzuriteFixture azurite = new();

    public Task InitializeAsync() => azurite.InitializeAsync();

    public Task DisposeAsync() => azurite.DisposeAsync();

    private Task<ServiceProvider> InstanceAsync(int capacity) =>
        MatchingInstance.StartAsync(azurite, ("Matching:ImpressionQueueCapacity", capacity.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static async Task<List<Impression>> StoredAsync(ImpressionLog log)
    {
        var stored = new List<Impression>();
        await foreach (var impression in log.ReadAllAsync(CancellationToken.None))
        {
            stored.Add(impression);
        }

        return stored;
    }

    [Fact]
    public async Task Enqueue_WithinCapacity_WrittenInBackgroundUnderPseudonym()
    {
        await using var instance = await InstanceAsync(100);
        var log = instance.GetRequiredService<ImpressionLog>();

        Assert.True(log.Enqueue("4115010126-G1", "r1", "m1", DateTimeOffset.UtcNow, 300, ["V1", "V2"]));
        await log.FlushAsync(CancellationToken.None);

        var stored = Assert.Single(await StoredAsync(log));
        Assert.Equal("r1", stored.RequestId);
        Assert.Equal(["V1", "V2"], stored.VacancyIds);
        Assert.DoesNotContain("G1", stored.GraduatePseudonym, StringComparison.Ordinal);
        Assert.Equal(0, log.Dropped);
    }

    [Fact]
    public async Task Enqueue_BurstBeyondCapacity_DropsAndCountsTheRest()
    {
        await using var instance = await InstanceAsync(2);
        var log = instance.GetRequiredService<ImpressionLog>();

        var accepted = Enumerable.Range(0, 200).Count(i => log.Enqueue($"4115010126-G{i}", $"r{i}", "m1", DateTimeOffset.UtcNow, 300, ["V1"]));
        await log.FlushAsync(CancellationToken.None);

        Assert.True(log.Dropped > 0, "a burst of 200 into a queue of 2 drops some");
        Assert.Equal(200, accepted + log.Dropped);
        Assert.Equal(accepted, (await StoredAsync(log)).Count);
    }

    [Fact]
    public async Task MatchAsync_AnonymousProfile_NoRequestIdNothingLogged()
    {
        await using var instance = await InstanceAsync(100);
        await instance.GetRequiredService<IVacancyStore>().UpsertFromLedgerAsync([Samples.Post() with { FirstSeenAt = DateTimeOffset.UtcNow, ExpiresOn = null }], CancellationToken.None);
        var log = instance.GetRequiredService<ImpressionLog>();

        var result = await instance.GetRequiredService<MatchService>().MatchAsync(Samples.Graduate(), new MatchRequest(10, null, null, true), CancellationToken.None);
        await log.FlushAsync(CancellationToken.None);

        Assert.NotEmpty(result.Items);
        Assert.Null(result.RequestId);
        Assert.Empty(await StoredAsync(log));
    }
}
