using System.Text.Json;
using Liuhu.Core.Access;
using Liuhu.Core.Domain;
using Liuhu.Core.Fairs;
using Liuhu.Core.Outcomes;
using Liuhu.Core.Problems;
using Liuhu.Core.Storage;
using Liuhu.Core.Tests.Ingestion;
using Liuhu.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Liuhu.Core.Tests.Fairs;

[Collection(AzuriteCollection.Name)]
public class FairServiceTests(AzuriteFixture azurite)
{
    private static readonly Caller Xincheng = new("district-xincheng", OrganisationKind.District, "xincheng", "cx");
    private static readonly Caller Saihan = new("district-saihan", OrganisationKind.District, "saihan", "cs");

    private static JsonElement Body(object value) => JsonSerializer.SerializeToElement(value);

    private static Vacancy Post(string credit, string code, int headcount, string district = "xincheng") => new()
    {
        VacancyId = VacancyIds.FromPostCode(credit, code),
        EmployerCreditCode = credit,
        EmployerName = "示范",
        Title = "岗位" + code,
        Headcount = headcount,
        District = district,
        LedgerId = "L",
    };

    [Fact]
    public async Task CountsAsync_LinkedPostsOutcomes_EachPairOnceAndReusedUntilStale()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2031, 3, 1, 0, 0, 0, TimeSpan.Zero));
        await using var services = await StorageTestHost.StartAsync(azurite, time);
        var fairs = services.GetRequiredService<FairService>();
        var credit = TestData.NewCreditCode();
        await services.GetRequiredService<IVacancyStore>().UpsertFromLedgerAsync([Post(credit, "A", 3), Post(credit, "B", 5), Post(credit, "C", 7)], CancellationToken.None);
        var (fair, _) = await fairs.CreateAsync(Xincheng, Body(new { name = "专场", kind = "special", startsOn = "2031-03-10", place = "新城区" }), CancellationToken.None);
        var (other, _) = await fairs.CreateAsync(Xincheng, Body(new { name = "校园", kind = "campus", startsOn = "2031-03-12", place = "内蒙古大学" }), CancellationToken.None);
        var employer = new Caller("employer-" + credit, OrganisationKind.Employer, credit, "ce");
        await fairs.LinkAsync(employer, fair.FairId, $"{credit}-PA", link: true, CancellationToken.None);
        await fairs.LinkAsync(employer, fair.FairId, $"{credit}-PB", link: true, CancellationToken.None);
        await fairs.LinkAsync(Xincheng, other.FairId, $"{credit}-PB", link: true, CancellationToken.None);

        time.SetUtcNow(new DateTimeOffset(2031, 3, 12, 2, 0, 0, TimeSpan.Zero));
        var beforeTheFair = new DateTimeOffset(2031, 3, 9, 15, 0, 0, TimeSpan.Zero); // 2031-03-09 23:00 in Beijing
        var monthsLater = new DateTimeOffset(2031, 5, 1, 0, 0, 0, TimeSpan.Zero);
        await services.GetRequiredService<IOutcomeStore>().RecordAsync(
        [
            new("g1", $"{credit}-PA", OutcomeEvent.Applied, time.GetUtcNow()),
            new("g1", $"{credit}-PA", OutcomeEvent.Interviewed, time.GetUtcNow()),
            new("g1", $"{credit}-PA", OutcomeEvent.Hired, time.GetUtcNow()),
            new("g2", $"{credit}-PA", OutcomeEvent.Viewed, time.GetUtcNow()),
            new("g2", $"{credit}-PB", OutcomeEvent.Offered, time.GetUtcNow()),
            new("g3", $"{credit}-PC", OutcomeEvent.Hired, time.GetUtcNow()),
            new("g4", $"{credit}-PA", OutcomeEvent.Applied, beforeTheFair),
            new("g4", $"{credit}-PA", OutcomeEvent.Hired, time.GetUtcNow()),
            new("g5", $"{credit}-PA", OutcomeEvent.Applied, monthsLater),
        ], CancellationToken.None);

        // Link changes refresh the counts at once; outcomes are seen once the reused counts are stale. g4 applied
        // before the fair (its hire during it still counts: the fair closed it), g5 long after its 30-day window.
        var (_, before) = await fairs.GetAsync(fair.FairId, CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(2));
        var (_, counts) = await fairs.GetAsync(fair.FairId, CancellationToken.None);
        Assert.Equal(new FairCounts(2, 8, 2, 2), counts);
        Assert.Equal((2, 8L), (before.Posts, before.Headcount));
        Assert.Equal(new FairCounts(1, 5, 1, 0), (await fairs.GetAsync(other.FairId, CancellationToken.None)).Counts);

        // Moving the fair a day later leaves g1's and g2's events (03-12) inside; moving it after them leaves none.
        var (_, moved) = await fairs.UpdateAsync(Xincheng, fair.FairId, Body(new { startsOn = "2031-03-13" }), CancellationToken.None);
        Assert.Equal(new FairCounts(2, 8, 0, 0), moved);
        var (cancelled, kept) = await fairs.CancelAsync(Xincheng, other.FairId, CancellationToken.None);
        Assert.Equal((FairStatus.Cancelled, new FairCounts(1, 5, 1, 0)), (cancelled.Status, kept));
    }

    [Fact]
    public async Task CreateAsync_SameFieldsTwice_OneFair_DifferentOrCancelledMakesAnother()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2032, 3, 1, 0, 0, 0, TimeSpan.Zero));
        await using var services = await StorageTestHost.StartAsync(azurite, time);
        var fairs = services.GetRequiredService<FairService>();
        var name = "重试专场" + Guid.NewGuid().ToString("N")[..6];
        var body = Body(new { name, kind = "special", startsOn = "2032-03-10", place = "新城区" });

        var (first, created) = await fairs.CreateAsync(Xincheng, body, CancellationToken.None);
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => fairs.CreateAsync(Xincheng, body, CancellationToken.None)));
        Assert.True(created);
        Assert.All(results, r => Assert.Equal((first.FairId, false), (r.Fair.FairId, r.Created)));

        // Another place, or another organiser with the same fields, is another fair; so is the same one after it was cancelled.
        var (elsewhere, _) = await fairs.CreateAsync(Xincheng, Body(new { name, kind = "special", startsOn = "2032-03-10", place = "会展中心" }), CancellationToken.None);
        var (citywide, _) = await fairs.CreateAsync(new Caller("bureau", OrganisationKind.Bureau, "bureau", "cb"), Body(new { name, kind = "special", startsOn = "2032-03-10", place = "新城区", district = "新城区" }), CancellationToken.None);
        await fairs.CancelAsync(Xincheng, first.FairId, CancellationToken.None);
        var (again, createdAgain) = await fairs.CreateAsync(Xincheng, body, CancellationToken.None);
        Assert.Equal(4, new[] { first.FairId, elsewhere.FairId, citywide.FairId, again.FairId }.Distinct().Count());
        Assert.True(createdAgain);
        var listed = await fairs.ListAsync(new DateOnly(2032, 3, 10), new DateOnly(2032, 3, 10), "xincheng", null, 0, 100, CancellationToken.None);
        Assert.Equal(4, listed.Items.Count(i => i.Fair.Name == name));
    }

    [Fact]
    public async Task Changes_CreateLinkCancel_EachSendsAProgressNotice()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2035, 3, 1, 0, 0, 0, TimeSpan.Zero));
        await using var services = await StorageTestHost.StartAsync(azurite, time);
        var fairs = services.GetRequiredService<FairService>();
        var credit = TestData.NewCreditCode();
        await services.GetRequiredService<IVacancyStore>().UpsertFromLedgerAsync([Post(credit, "A", 3)], CancellationToken.None);
        var queue = services.GetRequiredService<StorageClients>().Queue(StorageNames.ProgressQueue);
        await queue.CreateIfNotExistsAsync();
        await queue.ClearMessagesAsync();
        async Task<int> NoticesAsync() => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;

        // Notices are debounced per instance (30 s; the upload above sent one), so the clock moves past the window
        // before each change.
        time.Advance(TimeSpan.FromSeconds(31));
        var (fair, _) = await fairs.CreateAsync(Xincheng, Body(new { name = "通知", kind = "special", startsOn = "2035-03-10", place = "新城区" }), CancellationToken.None);
        Assert.Equal(1, await NoticesAsync());
        time.Advance(TimeSpan.FromSeconds(31));
        await fairs.LinkAsync(Xincheng, fair.FairId, $"{credit}-PA", link: true, CancellationToken.None);
        Assert.Equal(2, await NoticesAsync());
        time.Advance(TimeSpan.FromSeconds(31));
        await fairs.CancelAsync(Xincheng, fair.FairId, CancellationToken.None);
        Assert.Equal(3, await NoticesAsync());
        await queue.ClearMessagesAsync();
    }

    [Fact]
    public async Task Changes_AnotherDistrictsFair_NotFound_AndNothingChanged()
    {
        await using var services = await StorageTestHost.StartAsync(azurite);
        var fairs = services.GetRequiredService<FairService>();
        var (fair, _) = await fairs.CreateAsync(Xincheng, Body(new { name = "专场", kind = "专场", startsOn = "2031-04-01", place = "新城区" }), CancellationToken.None);

        foreach (var change in new Func<Task>[]
        {
            () => fairs.UpdateAsync(Saihan, fair.FairId, Body(new { name = "改" }), CancellationToken.None),
            () => fairs.CancelAsync(Saihan, fair.FairId, CancellationToken.None),
            () => fairs.UpdateAsync(Xincheng, "ZPH20310401-NONE", Body(new { name = "改" }), CancellationToken.None),
            () => fairs.UpdateAsync(Xincheng, "' or PartitionKey ne '", Body(new { name = "改" }), CancellationToken.None),
        })
        {
            Assert.Equal(404, (await Assert.ThrowsAsync<ProblemException>(change)).Problem.Status);
        }

        var (stored, _) = await fairs.GetAsync(fair.FairId, CancellationToken.None);
        Assert.Equal(("专场", FairStatus.Scheduled), (stored.Name, stored.Status));
        var moved = await Assert.ThrowsAsync<ProblemException>(() => fairs.UpdateAsync(Xincheng, fair.FairId, Body(new { district = "赛罕区" }), CancellationToken.None));
        Assert.Equal(403, moved.Problem.Status);
    }

    [Fact]
    public async Task LinkAsync_AnotherDistrictsPost_OnlyByItsOwnerOrTheOrganiser()
    {
        await using var services = await StorageTestHost.StartAsync(azurite);
        var fairs = services.GetRequiredService<FairService>();
        var credit = TestData.NewCreditCode();
        await services.GetRequiredService<IVacancyStore>().UpsertFromLedgerAsync([Post(credit, "S", 2, district: "saihan")], CancellationToken.None);
        var (fair, _) = await fairs.CreateAsync(Xincheng, Body(new { name = "专场", kind = "online", startsOn = "2031-05-01" }), CancellationToken.None);
        Assert.True(fair.Online);

        // Saihan owns the post but not the fair; xincheng organises the fair but not the post: both may link it.
        Assert.Equal([fair.FairId], (await fairs.LinkAsync(Saihan, fair.FairId, $"{credit}-PS", link: true, CancellationToken.None)).FairIds);
        Assert.Empty((await fairs.LinkAsync(Xincheng, fair.FairId, $"{credit}-PS", link: false, CancellationToken.None)).FairIds);
        var stranger = new Caller("district-wuchuan", OrganisationKind.District, "wuchuan", "cw");
        Assert.Equal(404, (await Assert.ThrowsAsync<ProblemException>(() => fairs.LinkAsync(stranger, fair.FairId, $"{credit}-PS", link: true, CancellationToken.None))).Problem.Status);
    }

    [Theory]
    [InlineData("{}", "name")]
    [InlineData("""{"name":"x","kind":"special","startsOn":"2031-05-01"}""", "place")]
    [InlineData("""{"name":"x","kind":"special","startsOn":"2031-05-01","endsOn":"2031-07-01","place":"x"}""", "endsOn")]
    [InlineData("""{"name":"x","kind":"special","startsOn":"2031-05-01","place":"x","online":"yes"}""", "online")]
    [InlineData("[]", "body")]
    public async Task CreateAsync_InvalidBody_400WithTheField(string json, string field)
    {
        await using var services = await StorageTestHost.StartAsync(azurite);
        using var body = JsonDocument.Parse(json);
        var problem = (await Assert.ThrowsAsync<ProblemException>(() => services.GetRequiredService<FairService>().CreateAsync(Xincheng, body.RootElement, CancellationToken.None))).Problem;
        Assert.Equal(400, problem.Status);
        Assert.Equal(field, problem.Errors![0].Column);
    }
}
