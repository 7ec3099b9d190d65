using System.Globalization;
using System.Reflection;
using Liuhu.Core.Domain;
using Liuhu.Core.Outcomes;
using Liuhu.Core.Storage;
using Liuhu.Matching.Serving;
using Liuhu.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Liuhu.Matching.Tests.Serving;

/// <summary>A new instance answers its first match from the last index snapshot, caught up with the posts
/// changed since (fast cold start); a due refresh reads only the posts written since the last, off the request
/// path, while the index in hand keeps serving; the counts are rebuilt from the tables when they are old enough;
/// a snapshot that cannot be used is scanned past.</summary>
public sealed class MatchingStateTests : IAsyncLifetime
{
    private readonly AzuriteFixture azurite = new();

    public Task InitializeAsync() => azurite.InitializeAsync();

    public Task DisposeAsync() => azurite.DisposeAsync();

    private const int RefreshSeconds = 60;

    private const int FullRebuildSeconds = 180;

    private Task<ServiceProvider> InstanceAsync(Action<IServiceCollection>? replace = null) => MatchingInstance.StartAsync(azurite, replace,
        ("Matching:IndexRefreshSeconds", RefreshSeconds.ToString(CultureInfo.InvariantCulture)), ("Matching:FullRebuildSeconds", FullRebuildSeconds.ToString(CultureInfo.InvariantCulture)));

    /// <summary>An instance on a clock the test moves (tables stamp their rows by the real clock, and the change
    /// reads overlap by five minutes, so moving it a few minutes ahead stays within what is read).</summary>
    private async Task<(ServiceProvider Instance, FakeTimeProvider Clock)> InstanceWithClockAsync(Action<IServiceCollection>? replace = null)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var instance = await InstanceAsync(services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            replace?.Invoke(services);
        });
        return (instance, clock);
    }

    /// <summary>Asks until the index satisfies <paramref name="done"/> (each ask serves the index in hand and starts
    /// at most one refresh behind); bounded, so a refresh that never lands fails the test instead of hanging it.</summary>
    private static async Task<VacancyIndex> UntilAsync(MatchingState state, Func<VacancyIndex, bool> done)
    {
        var index = await state.GetIndexAsync(CancellationToken.None);
        for (var i = 0; i < 400 && !done(index); i++)
        {
            await Task.Delay(25);
            index = await state.GetIndexAsync(CancellationToken.None);
        }

        return index;
    }

    [Fact]
    public async Task GetIndexAsync_NewInstance_FromSnapshotThenCountsRebuiltWhenDue()
    {
        var post = Samples.Post() with { FirstSeenAt = DateTimeOffset.UtcNow, ExpiresOn = null };
        await using (var first = await InstanceAsync())
        {
            await first.GetRequiredService<IVacancyStore>().UpsertFromLedgerAsync([post], CancellationToken.None);
            await first.GetRequiredService<IOutcomeStore>().RecordAsync([new Outcome("A", post.VacancyId, OutcomeEvent.Applied, DateTimeOffset.UtcNow)], CancellationToken.None);
            var index = await first.GetRequiredService<MatchingState>().GetIndexAsync(CancellationToken.None);
            Assert.Equal(1, Assert.Single(index.Posts).Applications);
        }

        var (second, clock) = await InstanceWithClockAsync();
        await using var _ = second;
        await second.GetRequiredService<IOutcomeStore>().RecordAsync([new Outcome("B", post.VacancyId, OutcomeEvent.Applied, DateTimeOffset.UtcNow)], CancellationToken.None);
        var state = second.GetRequiredService<MatchingState>();

        var cold = await state.GetIndexAsync(CancellationToken.None);
        Assert.Equal(1, Assert.Single(cold.Posts).Applications); // the snapshot, not yet B's application

        clock.Advance(TimeSpan.FromSeconds(FullRebuildSeconds + 1));
        var rebuilt = await UntilAsync(state, i => i.Posts[0].Applications == 2);
        Assert.Equal(2, rebuilt.Posts[0].Applications);
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
        await instance.GetRequiredService<IOutcomeStore>().RecordAsync([new Outcome("A", Posts[0].VacancyId, OutcomeEvent.Applied, DateTimeOffset.UtcNow.AddMinutes(-1))], CancellationToken.None);
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
        await second.GetRequiredService<IOutcomeStore>().RecordAsync([new Outcome("B", Posts[0].VacancyId, OutcomeEvent.Applied, DateTimeOffset.UtcNow)], CancellationToken.None);
        var loaded = await second.GetRequiredService<MatchingState>().GetIndexAsync(CancellationToken.None);

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

        Assert.Equal(1, loaded.Posts.Single(p => p.Vacancy.VacancyId == Posts[0].VacancyId).Applications); // the snapshot's count: a scan would read B's too
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

        Assert.Equal(1, loaded.Posts.Single(p => p.Vacancy.VacancyId == Posts[0].VacancyId).Applications); // loaded, not scanned
        Assert.Contains(loaded.Posts, p => p.Vacancy.VacancyId == added.VacancyId);
        Assert.DoesNotContain(loaded.Posts, p => p.Vacancy.VacancyId == Posts[1].VacancyId);
        Assert.Equal(Posts.Length, loaded.Posts.Count);
    }

    [Fact]
    public async Task GetIndexAsync_PostExpiredSinceSnapshot_LeftOutWithoutRescan()
    {
        var expiring = Samples.Post("化工安全员见习岗", cluster: "new-materials") with { FirstSeenAt = DateTimeOffset.UtcNow, ExpiresOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1) };
        VacancyIndex scanned;
        await using (var first = await InstanceAsync())
        {
            await first.GetRequiredService<IVacancyStore>().UpsertFromLedgerAsync([expiring], CancellationToken.None);
            scanned = await ScannedIndexAsync(first);
            Assert.Contains(scanned.Posts, p => p.Vacancy.VacancyId == expiring.VacancyId);
        }

        // Two days on, nothing written since: the snapshot's own record of when each post closes drops the expired one.
        var (second, clock) = await InstanceWithClockAsync();
        await using var _ = second;
        clock.Advance(TimeSpan.FromDays(2));
        var loaded = await second.GetRequiredService<MatchingState>().GetIndexAsync(CancellationToken.None);

        Assert.DoesNotContain(loaded.Posts, p => p.Vacancy.VacancyId == expiring.VacancyId);
        Assert.Equal(Posts.Length, loaded.Posts.Count);
        Assert.Equal(1, loaded.Posts.Single(p => p.Vacancy.VacancyId == Posts[0].VacancyId).Applications); // loaded, not scanned
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

        Assert.Equal(Posts.Length, index.Posts.Count);
        Assert.Equal(2, index.Posts.Single(p => p.Vacancy.VacancyId == Posts[0].VacancyId).Applications);

        // The scan wrote a fresh snapshot that reads back.
        var rewritten = (await blob.DownloadContentAsync()).Value.Content.ToStream();
        Assert.Equal(Posts.Length, IndexSnapshot.Read(rewritten, Core.Domain.MajorCatalog.Default).Posts.Count);
    }

    /// <summary>A snapshot whose header names a layout this instance does not know (the one before this).</summary>
    private static byte[] OldLayout()
    {
        var bytes = new byte[4096];
        BitConverter.TryWriteBytes(bytes, 0x5849484C);
        BitConverter.TryWriteBytes(bytes.AsSpan(4), IndexSnapshot.LayoutVersion - 1);
        return bytes;
    }

    [Fact]
    public async Task GetIndexAsync_PostsAddedChangedClosedAfterBuild_RefreshAppliesOnlyThem()
    {
        var (instance, clock) = await InstanceWithClockAsync();
        await using var _ = instance;
        var built = await ScannedIndexAsync(instance);
        var store = instance.GetRequiredService<IVacancyStore>();
        var added = Samples.Post("新能源电站值班员", cluster: "new-energy") with { FirstSeenAt = DateTimeOffset.UtcNow, ExpiresOn = null };
        var changed = Posts[2] with { Headcount = 9, Salary = new SalaryRange(9000, 12000, false) };
        await store.UpsertFromLedgerAsync([added, changed], CancellationToken.None);
        await store.SetStatusAsync(Posts[1].VacancyId, VacancyStatus.Withdrawn, DateTimeOffset.UtcNow, CancellationToken.None);
        await instance.GetRequiredService<IOutcomeStore>().RecordAsync([new Outcome("B", Posts[0].VacancyId, OutcomeEvent.Applied, DateTimeOffset.UtcNow)], CancellationToken.None);
        var state = instance.GetRequiredService<MatchingState>();
        Assert.Same(built, await state.GetIndexAsync(CancellationToken.None)); // not yet due

        clock.Advance(TimeSpan.FromSeconds(RefreshSeconds + 1));
        var refreshed = await UntilAsync(state, i => i.Posts.Any(p => p.Vacancy.VacancyId == added.VacancyId));

        Assert.Contains(refreshed.Posts, p => p.Vacancy.VacancyId == added.VacancyId);
        Assert.DoesNotContain(refreshed.Posts, p => p.Vacancy.VacancyId == Posts[1].VacancyId);
        var now = refreshed.Posts.Single(p => p.Vacancy.VacancyId == changed.VacancyId);
        Assert.Equal((9, 9000), (now.Vacancy.Headcount, now.Vacancy.Salary.MonthlyMin));
        Assert.Equal(Posts.Length, refreshed.Posts.Count);
        Assert.Same(built.Posts.Single(p => p.Vacancy.VacancyId == Posts[3].VacancyId), refreshed.Posts.Single(p => p.Vacancy.VacancyId == Posts[3].VacancyId)); // not profiled again
        Assert.Equal(1, refreshed.Posts.Single(p => p.Vacancy.VacancyId == Posts[0].VacancyId).Applications); // counts wait for the full rebuild
        Assert.Equal(refreshed.Posts.Select(p => p.Vacancy.VacancyId).Order(StringComparer.Ordinal), refreshed.Posts.Select(p => p.Vacancy.VacancyId));

        // The changed index was written for new instances: behind the swap, off the request path, so it may land a
        // moment after the refreshed index serves.
        var blob = instance.GetRequiredService<StorageClients>().Container(StorageNames.ModelsContainer).GetBlobClient(IndexSnapshot.BlobName);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        LoadedIndexSnapshot snapshot;
        do
        {
            snapshot = IndexSnapshot.Read((await blob.DownloadContentAsync()).Value.Content.ToStream(), MajorCatalog.Default);
            if (snapshot.Posts.Any(p => p.Vacancy.VacancyId == added.VacancyId) || DateTimeOffset.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(100);
        }
        while (true);

        Assert.Contains(snapshot.Posts, p => p.Vacancy.VacancyId == added.VacancyId);
    }

    [Fact]
    public async Task GetIndexAsync_RefreshHeldUp_RequestsServedFromIndexInHand()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (instance, clock) = await InstanceWithClockAsync(services => HeldVacancyStore.Replace(services, gate.Task));
        await using var _ = instance;
        var built = await ScannedIndexAsync(instance);
        var added = Samples.Post("新能源电站值班员", cluster: "new-energy") with { FirstSeenAt = DateTimeOffset.UtcNow, ExpiresOn = null };
        await instance.GetRequiredService<IVacancyStore>().UpsertFromLedgerAsync([added], CancellationToken.None);
        var state = instance.GetRequiredService<MatchingState>();
        clock.Advance(TimeSpan.FromSeconds(RefreshSeconds + 1));

        // Due, and its refresh cannot read the changes yet: every request still completes at once, with the index in hand.
        for (var i = 0; i < 3; i++)
        {
            var served = state.GetIndexAsync(CancellationToken.None);
            Assert.True(served.IsCompletedSuccessfully);
            Assert.Same(built, await served);
        }

        gate.SetResult();
        var refreshed = await UntilAsync(state, i => i.Posts.Any(p => p.Vacancy.VacancyId == added.VacancyId));
        Assert.Contains(refreshed.Posts, p => p.Vacancy.VacancyId == added.VacancyId);
    }
}

/// <summary>The app's own vacancy store, with its reads of changed posts held until a gate opens.</summary>
public class HeldVacancyStore : DispatchProxy
{
    private IVacancyStore inner = null!;
    private Task gate = Task.CompletedTask;

    public static void Replace(IServiceCollection services, Task gate)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IVacancyStore));
        services.AddSingleton(provider =>
        {
            var proxy = Create<IVacancyStore, HeldVacancyStore>();
            var held = (HeldVacancyStore)(object)proxy;
            held.inner = (IVacancyStore)ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!);
            held.gate = gate;
            return proxy;
        });
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var result = targetMethod.Invoke(inner, args);
        return targetMethod.Name == nameof(IVacancyStore.ReadChangedSinceAsync) ? Held((IAsyncEnumerable<Vacancy>)result!) : result;
    }

    private async IAsyncEnumerable<Vacancy> Held(IAsyncEnumerable<Vacancy> changed)
    {
        await gate;
        await foreach (var vacancy in changed)
        {
            yield return vacancy;
        }
    }
}
