using System.Text.Json;
using Liuhu.Core.Access;
using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Core.Outcomes;
using Liuhu.Core.Storage;
using Liuhu.Matching.Serving;
using Liuhu.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Liuhu.Matching.Tests.Serving;

/// <summary>An outcomes batch looks up the graduates and posts it names a bounded number at a time, in parallel,
/// and judges each item as it did one read after another.</summary>
public sealed class OutcomeServiceTests : IAsyncLifetime
{
    private readonly AzuriteFixture azurite = new();

    public Task InitializeAsync() => azurite.InitializeAsync();

    public Task DisposeAsync() => azurite.DisposeAsync();

    private static JsonElement Batch(IEnumerable<object> items) => JsonSerializer.SerializeToElement(items);

    /// <summary>An instance whose graduate store is the app's own, wrapped to count the reads made through it.</summary>
    private async Task<(ServiceProvider Instance, GraduateReadCounter Counter)> CountingInstanceAsync()
    {
        var instance = await MatchingInstance.StartAsync(azurite, services =>
        {
            var registered = services.Last(d => d.ServiceType == typeof(IGraduateStore));
            services.AddSingleton<IGraduateStore>(sp => new GraduateReadCounter((IGraduateStore)(registered.ImplementationFactory?.Invoke(sp)
                ?? ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!))));
        });
        return (instance, (GraduateReadCounter)instance.GetRequiredService<IGraduateStore>());
    }

    [Fact]
    public async Task RecordAsync_ManyGraduates_ReadsInParallelWithinTheBound()
    {
        var (instance, counter) = await CountingInstanceAsync();
        await using var _ = instance;
        var items = Enumerable.Range(0, 200).Select(i => new { graduateId = $"4115010126-P{i:D4}", vacancyId = "91350100M000100Y43-X", @event = "applied" });

        var results = await instance.GetRequiredService<OutcomeService>().RecordAsync(TestData.Bureau, null, Batch(items), CancellationToken.None);

        Assert.All(results, r => Assert.Equal("graduate.not_found", r.Code));
        Assert.Equal(200, counter.Reads);
        Assert.InRange(counter.MostInFlight, 2, OutcomeService.MaxLookupsInFlight);
    }

    [Fact]
    public async Task RecordAsync_MixedBatch_EachItemJudgedAsBeforeAndRepeatsReadOnce()
    {
        var (instance, counter) = await CountingInstanceAsync();
        await using var _ = instance;
        var post = Samples.Post() with { FirstSeenAt = DateTimeOffset.UtcNow, ExpiresOn = null };
        var otherPost = Samples.Post(title: "光伏运维工程师", credit: "91150122MA0R3L4M57") with { FirstSeenAt = DateTimeOffset.UtcNow, ExpiresOn = null };
        await instance.GetRequiredService<IVacancyStore>().UpsertFromLedgerAsync([post, otherPost], CancellationToken.None);
        var graduate = Samples.Graduate() with { GraduateId = "4115010126-O" + Guid.NewGuid().ToString("N")[..8] };
        await instance.GetRequiredService<IGraduateStore>().UpsertAsync(graduate, CancellationToken.None);
        var id = graduate.GraduateId;
        var batch = Batch(new object[]
        {
            new { graduateId = id, vacancyId = post.VacancyId, @event = "applied", at = "2024-05-01T09:30:00+08:00" },
            new { graduateId = "4115010126-NOBODY", vacancyId = post.VacancyId, @event = "applied" },
            new { graduateId = id, vacancyId = "91350100M000100Y43-PNOPE", @event = "viewed" },
            new { graduateId = id, vacancyId = post.VacancyId, @event = "liked" },
            new { graduateId = id, vacancyId = post.VacancyId, @event = "3" },
            new { graduateId = id, vacancyId = otherPost.VacancyId, @event = "hired", at = "not a time" },
            new { graduateId = "4115010126-NOBODY", vacancyId = "91350100M000100Y43-PNOPE", @event = "liked" },
            new { vacancyId = post.VacancyId, @event = "viewed" },
            new { graduateId = id, @event = "viewed" },
            new { graduateId = id, vacancyId = otherPost.VacancyId, @event = "Offered" },
        });

        var asBureau = await instance.GetRequiredService<OutcomeService>().RecordAsync(TestData.Bureau, null, batch, CancellationToken.None);
        var asUniversity = await instance.GetRequiredService<OutcomeService>().RecordAsync(new Caller("university-4115010126", OrganisationKind.University, "4115010126", "cuniversity"), null, batch, CancellationToken.None);

        string?[] expected = [null, "graduate.not_found", "vacancy.not_found", "event.invalid", "event.invalid", "at.invalid", "event.invalid", "graduate.not_found", "vacancy.not_found", null];
        Assert.Equal(expected, asBureau.Select(r => r.Code));
        Assert.Equal(Enumerable.Range(0, 10), asBureau.Select(r => r.Index));
        Assert.Equal(expected, asUniversity.Select(r => r.Code));
        // Two batches naming the graduate and the unknown one many times: each read once per batch.
        Assert.Equal(4, counter.Reads);
        var stored = await instance.GetRequiredService<IOutcomeStore>().ReadAllAsync(CancellationToken.None).Where(o => o.GraduateId == id).ToListAsync();
        Assert.Equal(new[] { (post.VacancyId, OutcomeEvent.Applied), (otherPost.VacancyId, OutcomeEvent.Offered) }.Order(),
            stored.Select(o => (o.VacancyId, o.Event)).Order());
        Assert.Equal(DateTimeOffset.Parse("2024-05-01T01:30:00Z", System.Globalization.CultureInfo.InvariantCulture), stored.Single(o => o.Event == OutcomeEvent.Applied).At);
    }

    /// <summary>The app's graduate store, counting the reads made through it and the most at once.</summary>
    private sealed class GraduateReadCounter(IGraduateStore inner) : IGraduateStore
    {
        private int inFlight;
        private int mostInFlight;
        private int reads;

        public int Reads => reads;

        public int MostInFlight => mostInFlight;

        public async Task<GraduateProfile?> GetAsync(string graduateId, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref reads);
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref mostInFlight, now);
            try
            {
                return await inner.GetAsync(graduateId, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            var seen = Volatile.Read(ref target);
            while (value > seen && Interlocked.CompareExchange(ref target, value, seen) is var was && was != seen)
            {
                seen = was;
            }
        }

        public Task UpsertAsync(GraduateProfile profile, CancellationToken cancellationToken) => inner.UpsertAsync(profile, cancellationToken);

        public Task UpsertManyAsync(IAsyncEnumerable<GraduateProfile> profiles, CancellationToken cancellationToken) => inner.UpsertManyAsync(profiles, cancellationToken);

        public IAsyncEnumerable<GraduateProfile> ReadAllAsync(bool withPersonalData, CancellationToken cancellationToken) => inner.ReadAllAsync(withPersonalData, cancellationToken);

        public Task<bool> DeleteAsync(string graduateId, CancellationToken cancellationToken) => inner.DeleteAsync(graduateId, cancellationToken);
    }
}
