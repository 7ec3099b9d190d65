using Liuhu.Core.Storage;
using Liuhu.Matching.Ranking;
using Liuhu.Matching.Serving;
using Liuhu.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Liuhu.Matching.Tests.Serving;

/// <summary>Impressions are written behind the response from a bounded queue, in batches: what fits is written (under the
/// graduate's pseudonym, once per request id), what does not is dropped and counted, what waits is written when the
/// instance stops; a profile posted anonymously logs nothing.</summary>
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
    public async Task Enqueue_ManyImpressions_WrittenInFewTransactions()
    {
        // A batch waits up to 2 s for company, so a slow machine's enqueueing is not split into many batches.
        await using var instance = await MatchingInstance.StartAsync(azurite, ("Matching:ImpressionBatchMilliseconds", "2000"));
        var log = instance.GetRequiredService<ImpressionLog>();
        var at = DateTimeOffset.UtcNow;

        Assert.All(Enumerable.Range(0, 250), i => Assert.True(log.Enqueue($"4115010126-B{i % 40}", $"b{i}", "m1", at, 300, ["V1", "V" + i])));
        await log.FlushAsync(CancellationToken.None);

        var stored = await StoredAsync(log);
        Assert.Equal(250, stored.Count);
        Assert.Equal(Enumerable.Range(0, 250).Select(i => "V" + i).Order(), stored.Select(s => s.VacancyIds[1]).Order());
        Assert.InRange(log.BatchesWritten, 1, 3 * ImpressionLog.Shards); // not one storage request per impression
        Assert.Equal(0, log.Dropped);
    }

    [Fact]
    public async Task Enqueue_SameRequestReplayed_OneRow()
    {
        await using var instance = await InstanceAsync(100);
        var log = instance.GetRequiredService<ImpressionLog>();
        var at = DateTimeOffset.UtcNow;

        log.Enqueue("4115010126-R1", "replayed", "m1", at, 300, ["V1"]);
        await log.FlushAsync(CancellationToken.None);
        log.Enqueue("4115010126-R1", "replayed", "m1", at, 300, ["V1", "V2"]);
        log.Enqueue("4115010126-R1", "replayed", "m1", at, 300, ["V1", "V2"]);
        await log.FlushAsync(CancellationToken.None);
        await log.RecordAsync("4115010126-R1", "replayed", "m1", at, 300, ["V1", "V2"], CancellationToken.None);

        var stored = Assert.Single(await StoredAsync(log));
        Assert.Equal(["V1", "V2"], stored.VacancyIds);
        // Azurite accepts a transaction naming a row twice; Table Storage does not, so the batch must not.
        Assert.Equal(0, log.Dropped);
    }

    [Fact]
    public async Task DisposeAsync_ImpressionsWaitingForTheirBatch_WrittenBeforeTheInstanceStops()
    {
        // A batch that would otherwise wait 10 s for company: stopping the instance writes it out at once.
        var instance = await MatchingInstance.StartAsync(azurite, ("Matching:ImpressionBatchMilliseconds", "10000"));
        var log = instance.GetRequiredService<ImpressionLog>();
        foreach (var i in Enumerable.Range(0, 3))
        {
            log.Enqueue("4115010126-S" + i, "s" + i, "m1", DateTimeOffset.UtcNow, 300, ["V1"]);
        }

        await instance.DisposeAsync();

        await using var next = await InstanceAsync(100);
        var stored = await StoredAsync(next.GetRequiredService<ImpressionLog>());
        Assert.Equal(["s0", "s1", "s2"], stored.Select(s => s.RequestId).Order());
    }

    [Fact]
    public async Task ReadAllAsync_RowWrittenBeforeBatching_PseudonymFromItsPartition()
    {
        await using var instance = await InstanceAsync(100);
        var log = instance.GetRequiredService<ImpressionLog>();
        var table = instance.GetRequiredService<StorageClients>().Table(StorageNames.ImpressionsTable);
        await table.AddEntityAsync(new Azure.Data.Tables.TableEntity("pOldPseudonym", "old1")
        {
            ["ModelVersion"] = "m0", ["At"] = DateTimeOffset.UtcNow, ["CandidateSetSize"] = 10, ["Posts"] = "V1 V2",
        });

        var stored = Assert.Single(await StoredAsync(log));
        Assert.Equal("pOldPseudonym", stored.GraduatePseudonym);
        Assert.Equal(["V1", "V2"], stored.VacancyIds);
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
    public async Task FirstListsAsync_ExploredThenPlainLists_FirstPersonalisedListWithPositionsAndPropensities()
    {
        await using var instance = await InstanceAsync(100);
        var log = instance.GetRequiredService<ImpressionLog>();
        var at = DateTimeOffset.UtcNow;
        const string graduate = "4115010126-F1";

        await log.RecordAsync(graduate, "r0", MatchService.NonPersonalizedVersion, at.AddMinutes(-5), 900, ["N1", "N2"], CancellationToken.None);
        await log.RecordAsync(graduate, "r1", "heuristic-v2", at, 300, ["V1", "V9", "V2"], CancellationToken.None, [1, 0.04, 1]);
        await log.RecordAsync(graduate, "r2", "heuristic-v2", at.AddMinutes(5), 300, ["V3"], CancellationToken.None);

        var lists = await log.FirstListsAsync([graduate, "4115010126-F2"], CancellationToken.None);

        var list = Assert.Single(lists.Values);
        Assert.Equal("heuristic-v2", list.ModelVersion);
        Assert.Equal([new("V1", 1, 1), new("V9", 2, 0.04), new("V2", 3, 1)], list.Shown);
        Assert.Null((await StoredAsync(log)).Single(i => i.RequestId == "r2").Propensities); // a list that did not explore stores none
    }

    [Fact]
    public async Task MatchStoredAsync_ExplorationOn_ExploredPostsLoggedWithTheirPropensity()
    {
        await using var instance = await MatchingInstance.StartAsync(azurite, ("Matching:ExplorationSlots", "2"), ("Matching:ExplorationPool", "10"));
        var now = DateTimeOffset.UtcNow;
        await instance.GetRequiredService<IVacancyStore>().UpsertFromLedgerAsync(
            [.. Enumerable.Range(0, 30).Select(i => Samples.Post(title: "运维工程师" + i) with { FirstSeenAt = now, ExpiresOn = null })], CancellationToken.None);
        var graduate = Samples.Graduate() with { GraduateId = "4115010126-E" + Guid.NewGuid().ToString("N")[..8] };
        await instance.GetRequiredService<Liuhu.Core.Graduates.IGraduateStore>().UpsertAsync(graduate, CancellationToken.None);
        var log = instance.GetRequiredService<ImpressionLog>();

        var result = await instance.GetRequiredService<MatchService>().MatchStoredAsync(graduate.GraduateId, new MatchRequest(10, null, null, true), CancellationToken.None);
        await log.FlushAsync(CancellationToken.None);

        var stored = (await StoredAsync(log)).Single(i => i.RequestId == result.RequestId);
        Assert.Equal(result.Items.Select(i => i.VacancyId), stored.VacancyIds);
        Assert.Equal(8, stored.Propensities!.Count(p => p == 1));
        Assert.Equal(2, stored.Propensities!.Count(p => Math.Abs(p - (2 / 10.0)) < 1e-12));
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
