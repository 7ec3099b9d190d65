using Azure.Storage.Queues;
using Liuhu.Core.Outcomes;
using Liuhu.Core.Programme;
using Liuhu.Core.Storage;
using Liuhu.Core.Tests.Ingestion;
using Liuhu.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Liuhu.Core.Tests.Programme;

/// <summary>Progress is served from the stored document; only rebuilds scan. The tests share one Azurite (and so
/// one stored document) with the others in the collection, so each starts its clock after whatever is stored.</summary>
[Collection(AzuriteCollection.Name)]
public class ProgressServiceTests(AzuriteFixture azurite)
{
    private async Task<(ServiceProvider Services, FakeTimeProvider Time)> StartAsync()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var services = await StorageTestHost.StartAsync(azurite, time);
        var stored = await services.GetRequiredService<ProgressStore>().AsOfAsync(ProgressStore.Current, CancellationToken.None);
        if (stored is { } asOf && asOf >= time.GetUtcNow())
        {
            time.SetUtcNow(asOf.AddMinutes(1));
        }

        return (services, time);
    }

    private static Task HireAsync(ServiceProvider services, DateTimeOffset at) =>
        // The plain table store: no change notice, so only an explicit rebuild can count it.
        services.GetRequiredService<TableOutcomeStore>().RecordAsync([new Outcome("G-" + Guid.NewGuid().ToString("N"), "V-none", OutcomeEvent.Hired, at)], CancellationToken.None);

    [Fact]
    public async Task GetAsync_NothingStored_ConcurrentFirstReadsBuildOnceAndStore()
    {
        var (services, time) = await StartAsync();
        await using var _ = services;
        await services.GetRequiredService<StorageClients>().Container(StorageNames.ProgrammeContainer).DeleteBlobIfExistsAsync("progress/current.json");
        time.AutoAdvanceAmount = TimeSpan.FromMilliseconds(1); // each build would take a different AsOf

        var reads = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => services.GetRequiredService<ProgressService>().GetAsync(CancellationToken.None)));

        Assert.Single(reads.Select(p => p.AsOf).Distinct());
        Assert.Equal(reads[0].AsOf, await services.GetRequiredService<ProgressStore>().AsOfAsync(ProgressStore.Current, CancellationToken.None));
    }

    [Fact]
    public async Task GetAsync_AfterAChange_ServesStoredFiguresUntilARebuild()
    {
        var (services, time) = await StartAsync();
        await using var _ = services;
        var progress = services.GetRequiredService<ProgressService>();
        var before = await progress.RefreshAsync(CancellationToken.None);

        time.Advance(TimeSpan.FromSeconds(1));
        await HireAsync(services, time.GetUtcNow());
        time.Advance(TimeSpan.FromMinutes(1)); // past the in-memory cache
        var stale = await progress.GetAsync(CancellationToken.None);
        Assert.Equal(before.Hired, stale.Hired);
        Assert.Equal(before.AsOf, stale.AsOf);

        var rebuilt = await progress.RefreshAsync(CancellationToken.None);
        var served = await progress.GetAsync(CancellationToken.None);

        Assert.Equal(before.Hired + 1, rebuilt.Hired);
        Assert.Equal(rebuilt.Hired, served.Hired);
        Assert.Equal(rebuilt.AsOf, served.AsOf);
        Assert.Contains($"id=\"hired\">{served.Hired:N0}<", await progress.GetPageAsync(CancellationToken.None), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefreshForChangeAsync_NoticeOlderThanStoredFigures_Skipped_NewerRebuilds()
    {
        var (services, time) = await StartAsync();
        await using var _ = services;
        var progress = services.GetRequiredService<ProgressService>();
        var noticeAt = time.GetUtcNow();
        time.Advance(TimeSpan.FromSeconds(1));
        var built = await progress.RefreshAsync(CancellationToken.None);

        // A duplicate delivery, or a notice the timer's rebuild already covered.
        Assert.False(await progress.RefreshForChangeAsync(noticeAt, CancellationToken.None));

        time.Advance(TimeSpan.FromSeconds(1));
        await HireAsync(services, time.GetUtcNow());
        var later = time.GetUtcNow();
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await progress.RefreshForChangeAsync(later, CancellationToken.None));
        Assert.Equal(built.Hired + 1, (await services.GetRequiredService<ProgressStore>().ReadAsync(ProgressStore.Current, CancellationToken.None))!.Hired);
    }

    [Fact]
    public async Task RefreshForChangeAsync_ManyNoticesAtOnce_OneRebuildTheRestSkipped()
    {
        var (services, time) = await StartAsync();
        await using var _ = services;
        var progress = services.GetRequiredService<ProgressService>();
        await HireAsync(services, time.GetUtcNow());
        var noticeAt = time.GetUtcNow();
        time.Advance(TimeSpan.FromSeconds(30)); // the notices become visible after the debounce, all at once

        // A batch of redelivered or coalesced notices handled together, as a queue listener takes up to 16 at a time.
        var rebuilt = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => progress.RefreshForChangeAsync(noticeAt, CancellationToken.None)));

        Assert.Equal(1, rebuilt.Count(r => r));
        Assert.Equal(time.GetUtcNow(), await services.GetRequiredService<ProgressStore>().AsOfAsync(ProgressStore.Current, CancellationToken.None));
    }

    [Fact]
    public async Task RefreshOnScheduleAsync_RebuildRunningHere_Skipped_OtherwiseRebuilds()
    {
        var (services, time) = await StartAsync();
        await using var _ = services;
        var progress = services.GetRequiredService<ProgressService>();

        var running = progress.RefreshAsync(CancellationToken.None); // takes the instance's one rebuild before its first await
        Assert.False(await progress.RefreshOnScheduleAsync(CancellationToken.None));
        var built = await running;

        time.Advance(TimeSpan.FromSeconds(1));
        await HireAsync(services, time.GetUtcNow());
        await services.GetRequiredService<ProgressStore>().MarkChangedAsync(time.GetUtcNow(), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await progress.RefreshOnScheduleAsync(CancellationToken.None));
        Assert.Equal(built.Hired + 1, (await services.GetRequiredService<ProgressStore>().ReadAsync(ProgressStore.Current, CancellationToken.None))!.Hired);
    }

    [Fact]
    public async Task RefreshOnScheduleAsync_NothingChangedSinceTheBuild_SkippedUntilAChangeOrTheMaxAge()
    {
        var (services, time) = await StartAsync();
        await using var _ = services;
        var progress = services.GetRequiredService<ProgressService>();
        var store = services.GetRequiredService<ProgressStore>();
        if (await store.ChangedAtAsync(CancellationToken.None) is { } marked && marked >= time.GetUtcNow())
        {
            time.SetUtcNow(marked.AddMinutes(1)); // another test's clock marked a change later than this one's
        }

        await store.MarkChangedAsync(time.GetUtcNow(), CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(3));
        var built = await progress.RefreshAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.False(await progress.RefreshOnScheduleAsync(CancellationToken.None));
        Assert.Equal(built.AsOf, await store.AsOfAsync(ProgressStore.Current, CancellationToken.None));

        // A change through the stores marks itself before it is written; no notice is handled here (as if lost).
        await services.GetRequiredService<IOutcomeStore>().RecordAsync([new Outcome("G-" + Guid.NewGuid().ToString("N"), "V-none", OutcomeEvent.Hired, time.GetUtcNow())], CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.True(await progress.RefreshOnScheduleAsync(CancellationToken.None));
        Assert.Equal(time.GetUtcNow(), await store.AsOfAsync(ProgressStore.Current, CancellationToken.None));

        // Nothing changed after that build began: skipped again, until the figures reach their maximum age.
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.False(await progress.RefreshOnScheduleAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromMinutes(61));
        Assert.True(await progress.RefreshOnScheduleAsync(CancellationToken.None));
        await services.GetRequiredService<StorageClients>().Queue(StorageNames.ProgressQueue).ClearMessagesAsync();
    }

    [Fact]
    public async Task MarkChangedAsync_EarlierTimeAfterALater_KeepsTheLater()
    {
        var (services, time) = await StartAsync();
        await using var _ = services;
        var store = services.GetRequiredService<ProgressStore>();
        // Other tests' clocks share the marker: start after whatever it holds.
        var later = (await store.ChangedAtAsync(CancellationToken.None) is { } marked && marked > time.GetUtcNow() ? marked : time.GetUtcNow()).AddSeconds(10);

        await store.MarkChangedAsync(later, CancellationToken.None);
        await store.MarkChangedAsync(later.AddMinutes(-5), CancellationToken.None);

        Assert.Equal(later, await store.ChangedAtAsync(CancellationToken.None));
        Assert.DoesNotContain("changed", await store.ListMonthsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task WriteIfNewerAsync_OlderFigures_NotWrittenOverNewer()
    {
        var (services, time) = await StartAsync();
        await using var _ = services;
        var progress = services.GetRequiredService<ProgressService>();
        var store = services.GetRequiredService<ProgressStore>();
        var older = await progress.ComputeAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(5));
        var newer = await progress.ComputeAsync(CancellationToken.None) with { Hired = 123_456 };

        Assert.True(await store.WriteIfNewerAsync(ProgressStore.Current, newer, CancellationToken.None));
        Assert.False(await store.WriteIfNewerAsync(ProgressStore.Current, older, CancellationToken.None));
        Assert.False(await store.WriteIfNewerAsync(ProgressStore.Current, newer, CancellationToken.None));

        var stored = await store.ReadAsync(ProgressStore.Current, CancellationToken.None);
        Assert.Equal(123_456, stored!.Hired);
        Assert.Equal(newer.AsOf, stored.AsOf);
        Assert.Equal(newer.Targets, stored.Targets);
        await progress.RefreshAsync(CancellationToken.None); // leave true figures for the tests after this one
    }

    [Fact]
    public async Task RequestAsync_BurstOfChanges_OneNoticePerDebounceWindow()
    {
        var (services, time) = await StartAsync();
        await using var _ = services;
        var queue = services.GetRequiredService<StorageClients>().Queue(StorageNames.ProgressQueue);
        await queue.ClearMessagesAsync();
        var changes = services.GetRequiredService<ProgressRefreshQueue>();

        for (var i = 0; i < 20; i++)
        {
            await changes.RequestAsync("outcomes", CancellationToken.None);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        // 20 changes over 20 s with the default 30 s window: one notice, sent delayed so the rebuild comes after the burst.
        Assert.Equal(1, await CountAsync(queue));
        time.Advance(TimeSpan.FromSeconds(15));
        await changes.RequestAsync("outcomes", CancellationToken.None);
        Assert.Equal(2, await CountAsync(queue));
        Assert.Empty((await queue.PeekMessagesAsync(10)).Value);
        await queue.ClearMessagesAsync();
    }

    [Fact]
    public async Task Stores_EveryWriteProgressReads_SendsANotice()
    {
        var (services, _) = await StartAsync();
        await using var __ = services;
        var queue = services.GetRequiredService<StorageClients>().Queue(StorageNames.ProgressQueue);
        await queue.ClearMessagesAsync();

        await services.GetRequiredService<IOutcomeStore>().RecordAsync([new Outcome("G-" + Guid.NewGuid().ToString("N"), "V-none", OutcomeEvent.Applied, DateTimeOffset.UtcNow)], CancellationToken.None);

        Assert.Equal(1, await CountAsync(queue));
        await queue.ClearMessagesAsync();
    }

    private static async Task<int> CountAsync(QueueClient queue) => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
}
