using System.Text.Json;
using Liuhu.Core.Access;
using Liuhu.Core.Domain;
using Liuhu.Core.Fairs;
using Liuhu.Core.Outcomes;
using Liuhu.Core.Programme;
using Liuhu.Core.Storage;
using Liuhu.Core.Tests.Ingestion;
using Liuhu.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Liuhu.Core.Tests.Fairs;

[Collection(AzuriteCollection.Name)]
public class FairActivitySourceTests(AzuriteFixture azurite)
{
    // A year no other test creates fairs in, so the figures here are this test's alone.
    private const int Year = 2033;

    private static readonly Caller Xincheng = new("district-xincheng", OrganisationKind.District, "xincheng", "cx");
    private static readonly Caller Saihan = new("district-saihan", OrganisationKind.District, "saihan", "cs");

    private static JsonElement Body(object value) => JsonSerializer.SerializeToElement(value);

    [Fact]
    public async Task ReadAsync_FairsOfTheYearBeforeCutoff_PerOrganiserWithLinkedPostsAndHires_CancelledAndLaterLeftOut()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(Year, 1, 2, 0, 0, 0, TimeSpan.Zero));
        await using var services = await StorageTestHost.StartAsync(azurite, time);
        var fairs = services.GetRequiredService<FairService>();
        var credit = TestData.NewCreditCode();
        var post = new Vacancy
        {
            VacancyId = VacancyIds.FromPostCode(credit, "A"), EmployerCreditCode = credit, EmployerName = "示范", Title = "岗位A",
            Headcount = 4, District = "xincheng", LedgerId = "L",
        };
        await services.GetRequiredService<IVacancyStore>().UpsertFromLedgerAsync([post], CancellationToken.None);
        var (held, _) = await fairs.CreateAsync(Xincheng, Body(new { name = "专场", kind = "special", startsOn = $"{Year}-02-10", place = "新城区" }), CancellationToken.None);
        var (cancelled, _) = await fairs.CreateAsync(Xincheng, Body(new { name = "取消", kind = "special", startsOn = $"{Year}-02-12", place = "新城区" }), CancellationToken.None);
        await fairs.CancelAsync(Xincheng, cancelled.FairId, CancellationToken.None);
        await fairs.CreateAsync(Saihan, Body(new { name = "校园", kind = "campus", startsOn = $"{Year}-03-05", place = "内蒙古大学" }), CancellationToken.None);
        await fairs.CreateAsync(Saihan, Body(new { name = "以后", kind = "campus", startsOn = $"{Year}-05-05", place = "内蒙古大学" }), CancellationToken.None);
        await fairs.LinkAsync(Xincheng, held.FairId, post.VacancyId, link: true, CancellationToken.None);
        time.SetUtcNow(new DateTimeOffset(Year, 2, 10, 2, 0, 0, TimeSpan.Zero));
        await services.GetRequiredService<IOutcomeStore>().RecordAsync([new("g1", post.VacancyId, OutcomeEvent.Hired, time.GetUtcNow())], CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(2));

        var activity = await services.GetRequiredService<IFairActivitySource>().ReadAsync(Year, new DateTimeOffset(Year, 4, 1, 0, 0, 0, TimeSpan.FromHours(8)), CancellationToken.None);

        Assert.Equal(new FairActivity("xincheng", 1, 1, 1), Assert.Single(activity, a => a.District == "xincheng"));
        Assert.Equal(new FairActivity("saihan", 1, 0, 0), Assert.Single(activity, a => a.District == "saihan"));
        Assert.Equal(2, activity.Count);
    }
}
