using Liuhu.Core.Outcomes;
using Liuhu.Core.Storage;
using Liuhu.Matching.Serving;
using Liuhu.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Liuhu.Matching.Tests.Serving;

/// <summary>A new instance answers its first match from the last index snapshot, caught up with the posts
/// changed since (fast cold start), then refreshes from the tables in the background while the stale index keeps
/// serving; a snapshot that cannot be used is scanned past.</summary>
public sealed class MatchingStateTests : IAsyncLifetime
{
    private readonly AzuriteFixture azurite = new();

    public Task InitializeAsync() => azurite.InitializeAsync();

    public Task DisposeAsync() => azurite.DisposeAsync();

    private Task<ServiceProvider> InstanceAsync() => MatchingInstance.StartAsync(azurite, ("Matching:IndexRefreshSeconds", "60"));

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

    private static readonly Core.Domain.Vacancy[] Posts =
    [
        Samples.Post("数据中心运维工程师") with { FirstSeenAt = DateTimeOffset.UtcNow, ExpiresOn = null },
        Samples.Post("乳品质量检验员", majors: ["食品科学与工程"], skills: ["质量检验"], cluster: "green-agrifood", district: "tumed-left") with { FirstSeenAt = DateTimeOffset.UtcNow, ExpiresOn = null },
        Samples.Post("光伏运维见习岗", majors: ["不限"], skills: [], cluster: "new-energy", benefits: ["人才公寓", "五险一金"]) with { FirstSeenAt = DateTimeOffset.UtcNow, ExpiresOn = null },
        Samples.Post("Python数据分析师", majors: ["计算机类相关专业"], skills: []) with { FirstSeenAt = DateTimeOffset.UtcNow, ExpiresOn = null },
    ];

    private static async Task<VacancyIndex> ScannedIndexAsync(ServiceProvider instance)
    {
        await instance.GetRequiredService<IVacancyStore>().UpsertFromLedgerAsync(Posts, CancellationToken.None);
        await instance.GetRequiredService<IOutcomeStore>().RecordAsync([new Outcome("A", Posts[0].VacancyId, OutcomeEvent.Applied, DateTimeOffset.UtcNow)], CancellationToken.None);
        return await instance.GetRequiredService<MatchingState>().GetIndexAsync(CancellationToken.None);
    }

    [Fact]
    public async Task GetIndexAsync_NewInstanceWithSnapshot_EqualsScanBuiltIndex()
    {
        VacancyIndex scanned;
        await using (var first = await InstanceAsync())
        {
            scanned = await ScannedIndexAsync(first);
        }

        await using var second = await InstanceAsync();
        var loaded = await second.GetRequiredService<MatchingState>().GetIndexAsync(CancellationToken.None);

        Assert.Equal(DateTimeOffset.MinValue, loaded.BuiltAt); // from the snapshot: due for a refresh behind
        Assert.Equal(Posts.Length, loaded.Posts.Count);
        var seeker = new Liuhu.Matching.Features.SeekerProfile(Samples.Graduate(), Core.Domain.MajorCatalog.Default);
        foreach (var post in scanned.Posts)
        {
            var twin = Assert.Single(loaded.Posts, p => p.Vacancy.VacancyId == post.Vacancy.VacancyId);
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(post.Vacancy), System.Text.Json.JsonSerializer.Serialize(twin.Vacancy));
            Assert.Equal(post.Live, twin.Live);
            Assert.Equal(post.TextSkills, twin.TextSkills);
            Assert.Equal(post.MajorClasses.Order(), twin.MajorClasses.Order());
            Assert.Equal(post.MajorsUnrestricted, twin.MajorsUnrestricted);
            Assert.Equal(post.BenefitKinds.Order(), twin.BenefitKinds.Order());
            Assert.Equal(Liuhu.Matching.Features.PairFeatures.Evaluate(seeker, post, Samples.Now).Features.Values, Liuhu.Matching.Features.PairFeatures.Evaluate(seeker, twin, Samples.Now).Features.Values);
        }

        Assert.Equal(1, loaded.Posts.Single(p => p.Vacancy.VacancyId == Posts[0].VacancyId).Applications);
        Assert.Equal(scanned.Candidates(seeker, 10).Select(p => p.Vacancy.VacancyId).Order(), loaded.Candidates(seeker, 10).Select(p => p.Vacancy.VacancyId).Order());
    }

    [Fact]
    public async Task GetIndexAsync_PostsChangedAfterSnapshot_CaughtUp()
    {
        await using (var first = await InstanceAsync())
        {
            await ScannedIndexAsync(first);
        }

        await using var second = await InstanceAsync();
        var store = second.GetRequiredService<IVacancyStore>();
        var added = Samples.Post("新能源电站值班员", cluster: "new-energy") with { FirstSeenAt = DateTimeOffset.UtcNow, ExpiresOn = null };
        await store.UpsertFromLedgerAsync([added], CancellationToken.None);
        await store.SetStatusAsync(Posts[1].VacancyId, Core.Domain.VacancyStatus.Withdrawn, DateTimeOffset.UtcNow, CancellationToken.None);

        var loaded = await second.GetRequiredService<MatchingState>().GetIndexAsync(CancellationToken.None);

        Assert.Equal(DateTimeOffset.MinValue, loaded.BuiltAt);
        Assert.Contains(loaded.Posts, p => p.Vacancy.VacancyId == added.VacancyId);
        Assert.DoesNotContain(loaded.Posts, p => p.Vacancy.VacancyId == Posts[1].VacancyId);
        Assert.Equal(Posts.Length, loaded.Posts.Count);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    [InlineData("old-layout")]
    public async Task GetIndexAsync_UnreadableSnapshot_ScansInstead(string damage)
    {
        await using (var first = await InstanceAsync())
        {
            await ScannedIndexAsync(first);
        }

        await using var second = await InstanceAsync();
        var blob = second.GetRequiredService<StorageClients>().Container(StorageNames.ModelsContainer).GetBlobClient(IndexSnapshot.BlobName);
        var bytes = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        byte[] damaged = damage switch
        {
            "garbage" => [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31))],
            "truncated" => bytes[..(bytes.Length / 2)],
            _ => OldLayout(),
        };
        await blob.UploadAsync(new BinaryData(damaged), overwrite: true);
        await second.GetRequiredService<IOutcomeStore>().RecordAsync([new Outcome("B", Posts[0].VacancyId, OutcomeEvent.Applied, DateTimeOffset.UtcNow)], CancellationToken.None);

        var index = await second.GetRequiredService<MatchingState>().GetIndexAsync(CancellationToken.None);

        Assert.NotEqual(DateTimeOffset.MinValue, index.BuiltAt); // scanned, not loaded
        Assert.Equal(Posts.Length, index.Posts.Count);
        Assert.Equal(2, index.Posts.Single(p => p.Vacancy.VacancyId == Posts[0].VacancyId).Applications);

        // The scan wrote a fresh snapshot that reads back.
        var rewritten = (await blob.DownloadContentAsync()).Value.Content.ToStream();
        Assert.Equal(Posts.Length, IndexSnapshot.Read(rewritten, Core.Domain.MajorCatalog.Default).Posts.Count);
    }

    /// <summary>A snapshot whose header names a layout this instance does not know.</summary>
    private static byte[] OldLayout()
    {
        using var buffer = new MemoryStream();
        using (var brotli = new System.IO.Compression.BrotliStream(buffer, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new BinaryWriter(brotli))
        {
            writer.Write(0x5849484C);
            writer.Write(IndexSnapshot.LayoutVersion - 1);
        }

        return buffer.ToArray();
    }
}
