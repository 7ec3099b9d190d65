using Azure.Data.Tables;

namespace Liuhu.Core.Storage;

/// <summary>Writes entity actions as entity-group transactions: grouped by partition, at most 100 actions
/// and 4 MiB each, several transactions in flight at once.</summary>
public static class TableBatchWriter
{
    // Headroom under the 4 MiB request limit for the multipart envelope.
    private const int BatchByteBudget = TableLimits.MaxBatchBytes - (256 * 1024);

    public static async Task<int> WriteAsync(TableClient table, IEnumerable<TableTransactionAction> actions, int parallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        var batches = Chunk(actions);
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (batch, ct) => await table.SubmitTransactionAsync(batch, ct));
        return batches.Sum(b => b.Count);
    }

    public static List<List<TableTransactionAction>> Chunk(IEnumerable<TableTransactionAction> actions)
    {
        var batches = new List<List<TableTransactionAction>>();
        foreach (var partition in actions.GroupBy(a => a.Entity.PartitionKey, StringComparer.Ordinal))
        {
            var current = new List<TableTransactionAction>();
            var bytes = 0;
            var rowKeys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var action in partition)
            {
                if (!rowKeys.Add(action.Entity.RowKey))
                {
                    // Batches of one partition run in parallel, so a repeated key would race with itself.
                    throw new ArgumentException($"Row '{partition.Key}/{action.Entity.RowKey}' appears twice in one write; pass each entity once.", nameof(actions));
                }

                var size = TableLimits.EnsureWithinLimits(action.Entity);
                if (current.Count == TableLimits.MaxBatchOperations || bytes + size > BatchByteBudget)
                {
                    batches.Add(current);
                    current = [];
                    bytes = 0;
                }

                current.Add(action);
                bytes += size;
            }

            if (current.Count > 0)
            {
                batches.Add(current);
            }
        }

        return batches;
    }
}
