using Liuhu.Core.Domain;
using Liuhu.Core.Storage;
using Liuhu.Core.Tests.Ingestion;
using Liuhu.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Liuhu.Core.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public class TableVacancyStoreTests(AzuriteFixture azurite)
{
    private static Vacancy Post(string credit, int i, string cluster) => new()
    {
        VacancyId = VacancyIds.FromPostCode(credit, "P" + i),
        EmployerCreditCode = credit,
        EmployerName = "示范",
        Title = "岗位" + i,
        Headcount = 1,
        Cluster = cluster,
        LedgerId = "L",
    };

    [Fact]
    public async Task ListAsync_250PostsByCluster_PagesThroughAllWithContinuationTokens()
    {
        await using var services = await StorageTestHost.StartAsync(azurite);
        var store = services.GetRequiredService<IVacancyStore>();
        var credit = TestData.NewCreditCode();
        await store.UpsertFromLedgerAsync(Enumerable.Range(0, 250).Select(i => Post(credit, i, i % 5 == 0 ? "biomedicine" : "new-energy")).ToList(), CancellationToken.None);

        var seen = new List<Vacancy>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await store.ListAsync(new VacancyQuery("biomedicine", null, credit, null, 20, token), CancellationToken.None);
            seen.AddRange(page.Items);
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(50, seen.Count);
        Assert.Equal(50, seen.Select(v => v.VacancyId).Distinct().Count());
        Assert.All(seen, v => Assert.Equal("biomedicine", v.Cluster));
        Assert.True(pages >= 3);
    }

    [Fact]
    public async Task ListAsync_FilterValueWithQuote_TreatedAsValueNotSyntax()
    {
        await using var services = await StorageTestHost.StartAsync(azurite);
        var page = await services.GetRequiredService<IVacancyStore>()
            .ListAsync(new VacancyQuery("x' or Cluster ne 'x", null, null, null, 10, null), CancellationToken.None);
        Assert.Empty(page.Items);
    }

    [Fact]
    public async Task GetAsync_MalformedId_Null()
    {
        await using var services = await StorageTestHost.StartAsync(azurite);
        Assert.Null(await services.GetRequiredService<IVacancyStore>().GetAsync("not/an#id", CancellationToken.None));
    }
    [Fact]
    public async Task ListAsync_KindAndEmployerTag_FilteredInStorage()
    {
        await using var services = await StorageTestHost.StartAsync(azurite);
        var store = services.GetRequiredService<IVacancyStore>();
        var credit = TestData.NewCreditCode();
        await store.UpsertFromLedgerAsync(
        [
            Post(credit, 1, "new-energy") with { PostKind = PostKind.Internship, EmployerTags = [EmployerTag.ChainLeader, EmployerTag.StateOwned] },
            Post(credit, 2, "new-energy") with { PostKind = PostKind.Internship },
            Post(credit, 3, "new-energy") with { PostKind = PostKind.Regular, EmployerTags = [EmployerTag.StateOwned] },
        ], CancellationToken.None);

        async Task<List<string>> Titles(VacancyQuery query) => [.. (await store.ListAsync(query, CancellationToken.None)).Items.Select(v => v.Title).Order(StringComparer.Ordinal)];
        var all = new VacancyQuery(null, null, credit, null, 50, null);
        Assert.Equal(["岗位1", "岗位2"], await Titles(all with { Kind = PostKind.Internship }));
        Assert.Equal(["岗位1", "岗位3"], await Titles(all with { EmployerTag = EmployerTag.StateOwned }));
        Assert.Equal(["岗位1"], await Titles(all with { Kind = PostKind.Internship, EmployerTag = EmployerTag.ChainLeader }));
        Assert.Empty(await Titles(all with { EmployerTag = EmployerTag.Private }));
    }

    [Fact]
    public async Task SetFairLinkAsync_LinkTwiceUnlinkAndReupload_LinksKeptByLedgerRemovedByApi()
    {
        await using var services = await StorageTestHost.StartAsync(azurite);
        var store = services.GetRequiredService<IVacancyStore>();
        var table = services.GetRequiredService<TableVacancyStore>();
        var credit = TestData.NewCreditCode();
        var post = Post(credit, 1, "new-energy") with { FairIds = ["ZPH20310101-AAAA"] };
        await store.UpsertFromLedgerAsync([post], CancellationToken.None);
        var now = new DateTimeOffset(2031, 1, 2, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal(["ZPH20310101-AAAA", "ZPH20310102-BBBB"], (await table.SetFairLinkAsync(post.VacancyId, "ZPH20310102-BBBB", true, now, CancellationToken.None))!.FairIds);
        var again = await table.SetFairLinkAsync(post.VacancyId, "ZPH20310102-BBBB", true, now.AddDays(1), CancellationToken.None);
        Assert.Equal(now, again!.UpdatedAt);

        // A re-upload naming no fair keeps both links; one naming another adds it.
        await store.UpsertFromLedgerAsync([post with { FairIds = [] }], CancellationToken.None);
        await store.UpsertFromLedgerAsync([post with { FairIds = ["ZPH20310103-CCCC"] }], CancellationToken.None);
        Assert.Equal(["ZPH20310101-AAAA", "ZPH20310102-BBBB", "ZPH20310103-CCCC"], (await store.GetAsync(post.VacancyId, CancellationToken.None))!.FairIds);

        await table.SetFairLinkAsync(post.VacancyId, "ZPH20310101-AAAA", false, now, CancellationToken.None);
        Assert.Equal(["ZPH20310102-BBBB", "ZPH20310103-CCCC"], (await store.GetAsync(post.VacancyId, CancellationToken.None))!.FairIds);
        Assert.Null(await table.SetFairLinkAsync(VacancyIds.FromPostCode(credit, "NONE"), "ZPH20310101-AAAA", true, now, CancellationToken.None));
        var linked = new List<FairLinkedPost>();
        await foreach (var p in table.ReadFairLinkedAsync(CancellationToken.None))
        {
            linked.Add(p);
        }

        Assert.Contains(linked, p => p.VacancyId == post.VacancyId && p.FairIds.Count == 2 && p.Headcount == 1);
    }
}
