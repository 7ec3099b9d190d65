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
}
