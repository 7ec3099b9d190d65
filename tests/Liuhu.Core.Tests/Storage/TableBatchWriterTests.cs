using Azure.Data.Tables;
using Liuhu.Core.Storage;
using Liuhu.Testing;

namespace Liuhu.Core.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public class TableBatchWriterTests(AzuriteFixture azurite)
{
    private static async IAsyncEnumerable<TableTransactionAction> Interleaved(int rows, int partitions, int bytes)
    {
        for (var i = 0; i < rows; i++)
        {
            await Task.Yield();
            yield return new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                new TableEntity("p" + (i % partitions), "r" + i) { ["Text"] = new string('x', bytes) });
        }
    }

    [Theory]
    [InlineData(32L * 1024 * 1024)] // batches wait until full
    [InlineData(64L * 1024)] // the fullest batch goes early, many times
    public async Task WriteAsync_StreamOfInterleavedPartitions_EveryRowWrittenOnce(long pendingByteBudget)
    {
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient("Batch" + Guid.NewGuid().ToString("N")[..12]);
        await table.CreateAsync();

        var written = await TableBatchWriter.WriteAsync(table, Interleaved(1_500, 17, 2_000), 3, pendingByteBudget, null, CancellationToken.None);

        var stored = new List<string>();
        await foreach (var e in table.QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            stored.Add(e.RowKey);
        }

        Assert.Equal(1_500, written);
        Assert.Equal(Enumerable.Range(0, 1_500).Select(i => "r" + i).Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task WriteAsync_SameRowTwiceInAStream_Refused()
    {
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient("Batch" + Guid.NewGuid().ToString("N")[..12]);
        await table.CreateAsync();
        var entity = new TableEntity("p", "r");

        await Assert.ThrowsAsync<ArgumentException>(() => TableBatchWriter.WriteAsync(table,
            new[] { entity, entity }.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)).ToAsyncEnumerable(), 2, CancellationToken.None));
    }

    [Fact]
    public async Task WriteAsync_BatchRefusedWhileReadingGoesOn_ThatFailureThrownAndReadingStopped()
    {
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient("Batch" + Guid.NewGuid().ToString("N")[..12]);
        await table.CreateAsync();
        await table.AddEntityAsync(new TableEntity("p5", "r5"));
        var read = 0;

        async IAsyncEnumerable<TableTransactionAction> AddsAsync()
        {
            foreach (var action in Enumerable.Range(0, 20_000).Select(i => new TableTransactionAction(TableTransactionActionType.Add,
                new TableEntity("p" + (i % 17), "r" + i) { ["Text"] = new string('x', 2_000) })))
            {
                await Task.Yield();
                read++;
                yield return action;
            }
        }

        // Without a refresh an add that finds its row stored fails its batch: that failure, not a cancellation, reaches the caller.
        var failure = await Assert.ThrowsAnyAsync<Azure.RequestFailedException>(() => TableBatchWriter.WriteAsync(table, AddsAsync(), 3, 64L * 1024, null, CancellationToken.None));

        Assert.Equal(409, failure.Status);
        Assert.InRange(read, 1, 19_999);
    }
}
