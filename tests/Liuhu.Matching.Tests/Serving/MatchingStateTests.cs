using Liuhu.Core;
using Liuhu.Core.Outcomes;
using Liuhu.Core.Storage;
using Liuhu.Matching.Serving;
using Liuhu.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Liuhu.Matching.Tests.Serving;

/// <summary>A new instance answers its first match from the last snapshot of application counts (fast cold
/// start), then refreshes from the outcomes in the background while the stale index keeps serving.</summary>
public sealed class MatchingStateTests : IAsyncLifetime
{
    private readonly AzuriteFixture azurite = new();

    public Task InitializeAsync() => azurite.InitializeAsync();

    public Task DisposeAsync() => azurite.DisposeAsync();

    private async Task<ServiceProvider> InstanceAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["PersonalData:EncryptionKey"] = TestData.NewKey(),
            ["Matching:IndexRefreshSeconds"] = "60",
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddLiuhuCore(configuration).AddLiuhuMatching();
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<StorageClients>().EnsureCreatedAsync(CancellationToken.None);
        return provider;
    }

    [Fact]
    public async Task GetIndexAsync_NewInstance_FromSnapshotThenRefreshedInBackground()
    {
        var post = Samples.Post() with { FirstSeenAt = DateTimeOffset.UtcNow, ExpiresOn = null };
        await using (var first = await InstanceAsync())
        {
            await first.GetRequiredService<IVacancyStore>().UpsertFromLedgerAsync([post], CancellationToken.None);
            await first.GetRequiredService<IOutcomeStore>().RecordAsync([new Outcome("A", post.VacancyId, OutcomeEvent.Applied, DateTimeOffset.UtcNow)], CancellationToken.None);
            var index = await first.GetRequiredService<MatchingState>().GetIndexAsync(CancellationToken.None);
            Assert.Equal(1, Assert.Single(index.Posts).Applications);
        }

        await using var second = await InstanceAsync();
        await second.GetRequiredService<IOutcomeStore>().RecordAsync([new Outcome("B", post.VacancyId, OutcomeEvent.Applied, DateTimeOffset.UtcNow)], CancellationToken.None);
        var state = second.GetRequiredService<MatchingState>();

        var cold = await state.GetIndexAsync(CancellationToken.None);
        Assert.Equal(1, Assert.Single(cold.Posts).Applications); // the snapshot, not yet B's application

        var refreshed = cold;
        for (var i = 0; i < 100 && refreshed.Posts[0].Applications == 1; i++)
        {
            refreshed = await state.GetIndexAsync(CancellationToken.None); // stale: served at once, rebuilt behind
            await Task.Delay(50);
        }

        Assert.Equal(2, refreshed.Posts[0].Applications);
    }

    [Fact]
    public async Task GetIndexAsync_EveryOpeningFilledByHires_PostLeavesIndex()
    {
        var full = Samples.Post("已招满岗位", headcount: 1) with { FirstSeenAt = DateTimeOffset.UtcNow, ExpiresOn = null };
        var open = Samples.Post("仍可投递岗位", headcount: 2) with { FirstSeenAt = DateTimeOffset.UtcNow, ExpiresOn = null };
        await using var instance = await InstanceAsync();
        await instance.GetRequiredService<IVacancyStore>().UpsertFromLedgerAsync([full, open], CancellationToken.None);
        await instance.GetRequiredService<IOutcomeStore>().RecordAsync(
        [
            new Outcome("A", full.VacancyId, OutcomeEvent.Hired, DateTimeOffset.UtcNow.AddMinutes(-5)),
            new Outcome("B", open.VacancyId, OutcomeEvent.Hired, DateTimeOffset.UtcNow.AddMinutes(-5)),
        ], CancellationToken.None);

        var index = await instance.GetRequiredService<MatchingState>().GetIndexAsync(CancellationToken.None);

        var post = Assert.Single(index.Posts);
        Assert.Equal(open.VacancyId, post.Vacancy.VacancyId);
        Assert.Equal(1, post.RemainingOpenings);
    }
}
