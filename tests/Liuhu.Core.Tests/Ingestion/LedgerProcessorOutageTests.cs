using Azure.Data.Tables;
using Liuhu.Core.Ingestion;
using Liuhu.Core.Storage;
using Liuhu.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Liuhu.Core.Tests.Ingestion;

/// <summary>Storage goes away in the middle of an ingest and comes back: the redelivered message must end
/// with every accepted row stored exactly once.</summary>
public sealed class LedgerProcessorOutageTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("liuhu-azurite-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task ProcessAsync_AzuriteStoppedMidIngestThenRestarted_EveryRowStoredOnce()
    {
        var azurite = AzuriteFixture.Persistent(folder);
        await azurite.StartAsync();
        try
        {
            await using var services = await StorageTestHost.StartAsync(azurite);
            var credits = Enumerable.Range(0, 40).Select(_ => TestData.NewCreditCode()).ToArray();
            const int rows = 8_000;
            var lines = new[] { TestData.Header }.Concat(Enumerable.Range(0, rows).Select(i => TestData.VacancyRow(credits[i % credits.Length], "岗位" + i, postCode: "R" + i)));
            var status = await services.GetRequiredService<LedgerUploadService>()
                .SubmitAsync(LedgerKind.Vacancy, new MemoryStream(TestData.Csv(lines.ToArray())), "big.csv", TestData.Bureau, null, CancellationToken.None);

            // Azurite saves to disk every few seconds; let the upload reach the disk before pulling the plug.
            await Task.Delay(TimeSpan.FromSeconds(6));
            var processor = services.GetRequiredService<LedgerProcessor>();
            var message = new LedgerMessage(status.LedgerId, LedgerKind.Vacancy);
            var firstAttempt = processor.ProcessAsync(message, CancellationToken.None);
            var vacancies = services.GetRequiredService<StorageClients>().Table(StorageNames.VacanciesTable);
            while (!firstAttempt.IsCompleted && await TableCounts.InPartitionsAsync(vacancies, credits[..1]) == 0)
            {
                await Task.Delay(20);
            }

            azurite.Stop();
            await Assert.ThrowsAnyAsync<Exception>(() => firstAttempt); // the outage really hit the ingest

            await azurite.StartAsync();
            await processor.ProcessAsync(message, CancellationToken.None); // the queue's redelivery

            var done = await services.GetRequiredService<ILedgerStore>().GetStatusAsync(status.LedgerId, CancellationToken.None);
            Assert.Equal((LedgerState.Completed, rows), (done!.State, done.RowsAccepted));
            Assert.Equal(rows, await TableCounts.InPartitionsAsync(vacancies, credits));
        }
        finally
        {
            azurite.Stop();
        }
    }
}
