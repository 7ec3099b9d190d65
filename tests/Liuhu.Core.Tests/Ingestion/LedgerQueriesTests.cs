using Liuhu.Core.Ingestion;
using Liuhu.Core.Ledgers;
using Liuhu.Core.Storage;
using Liuhu.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Liuhu.Core.Tests.Ingestion;

[Collection(AzuriteCollection.Name)]
public class LedgerQueriesTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(LedgerState.Queued)]
    [InlineData(LedgerState.Processing)]
    public async Task GetAsyncAndListAsync_UnfinishedPastTheRetryWindow_ReportedFailedWithReason(LedgerState state)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero));
        await using var services = await StorageTestHost.StartAsync(azurite, time);
        var credit = TestData.NewCreditCode();
        var caller = TestData.Bureau with { Kind = Liuhu.Core.Access.OrganisationKind.Employer, Tenant = credit, OrganisationId = "employer-" + credit };
        var status = await services.GetRequiredService<LedgerUploadService>().SubmitAsync(LedgerKind.Vacancy,
            new MemoryStream(TestData.Csv(TestData.Header, TestData.VacancyRow(credit, "甲"))), "a.csv", caller, null, CancellationToken.None);
        await services.GetRequiredService<ILedgerStore>().SaveStatusAsync(status with { State = state }, CancellationToken.None);
        var queries = services.GetRequiredService<LedgerQueries>();
        var window = TimeSpan.FromMinutes(new LedgerLimits().MaxProcessingMinutes);

        time.Advance(window);
        Assert.Equal(state, (await queries.GetAsync(caller, status.LedgerId, CancellationToken.None)).Status.State);

        time.Advance(TimeSpan.FromSeconds(1));
        var (shown, _) = await queries.GetAsync(caller, status.LedgerId, CancellationToken.None);
        var listed = Assert.Single((await queries.ListAsync(caller, 10, null, CancellationToken.None)).Items);
        Assert.All(new[] { shown, listed }, s =>
        {
            Assert.Equal((LedgerState.Failed, "ledger.timed_out"), (s.State, s.Failure!.Code));
            Assert.Contains("60 分钟", s.Failure.Title, StringComparison.Ordinal);
        });
    }
}

public class LedgerMessageTests
{
    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"kind\":\"Vacancy\"}")]
    [InlineData("{\"ledgerId\":\"a\",\"kind\":\"Weird\"}")]
    public void TryParse_NotALedgerMessage_Null(string text) => Assert.Null(LedgerMessage.TryParse(text));

    [Fact]
    public void TryParse_LedgerMessage_IdAndKind() =>
        Assert.Equal(new LedgerMessage("abc", LedgerKind.Graduate), LedgerMessage.TryParse("{\"ledgerId\":\"abc\",\"kind\":\"Graduate\"}"));
}
