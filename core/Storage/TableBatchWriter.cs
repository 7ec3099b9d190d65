using Azure;
using Azure.Data.Tables;

namespace Liuhu.Core.Storage;

/// <summary>Rebuilds a batch whose conditional writes lost a race (another writer added or changed one of its
/// rows first) from the rows as they are now: current ETags, adds turned into replaces.</summary>
public delegate Task<IReadOnlyList<TableTransactionAction>> ConflictRefresh(IReadOnlyList<TableTransactionAction> batch, CancellationToken cancellationToken);

/// <summary>Writes entity actions as entity-group transactions: grouped by partition, at most 100 actions
/// and 4 MiB each, several transactions in flight at once.</summary>
public static class TableBatchWriter
{
    /// <summary>Attempts at a batch that keeps losing races: enough for a dozen writers on one partition.</summary>
    public const int MaxConflictAttempts = 16;

    // Headroom under the 4 MiB request limit for the multipart envelope.
    private const int BatchByteBudget = TableLimits.MaxBatchBytes - (256 * 1024);

    /// <param name="refresh">For conditional writes (Add, or Update with an ETag): how to rebuild a batch that
    /// failed with 409 EntityAlreadyExists or 412 UpdateConditionNotSatisfied, so that concurrent writers of
    /// one partition converge instead of failing. Without it a conflict is thrown.</param>
    public static async Task<int> WriteAsync(TableClient table, IEnumerable<TableTransactionAction> actions, int parallelism, CancellationToken cancellationToken,
        ConflictRefresh? refresh = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        var batches = Chunk(actions);
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (batch, ct) => await SubmitAsync(table, batch, refresh, ct));
        return batches.Sum(b => b.Count);
    }

    private static async Task SubmitAsync(TableClient table, IReadOnlyList<TableTransactionAction> batch, ConflictRefresh? refresh, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await table.SubmitTransactionAsync(batch, cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (refresh is not null && IsConflict(ex) && attempt < MaxConflictAttempts)
            {
                // Jittered, growing pauses spread the writers apart so that each round at least one wins.
                var ceiling = Math.Min(1_000, 25 << Math.Min(attempt, 6));
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(ceiling / 4, ceiling)), cancellationToken);
                batch = await refresh(batch, cancellationToken);
            }
        }
    }

    public static bool IsConflict(RequestFailedException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.Status is 409 or 412
            || exception.ErrorCode is "EntityAlreadyExists" or "UpdateConditionNotSatisfied";
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
