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

    /// <summary>Most entity bytes (as the service counts them) held in partly filled batches while actions stream in.
    /// Rows of many partitions interleave in a file (a ledger lists employers in any order), so full batches need
    /// rows to wait; past this the fullest batch goes early, which keeps memory bounded whatever the order.</summary>
    public const long PendingByteBudget = 32L * 1024 * 1024;

    /// <summary>As <see cref="WriteAsync(TableClient, IEnumerable{TableTransactionAction}, int, CancellationToken, ConflictRefresh?)"/>,
    /// but taking actions as they come: a partition's batch is sent when it is full, at most
    /// <paramref name="parallelism"/> are in flight, and reading waits while they are. Each row must come once:
    /// two batches of one partition may be in flight together.</summary>
    public static Task<int> WriteAsync(TableClient table, IAsyncEnumerable<TableTransactionAction> actions, int parallelism, CancellationToken cancellationToken,
        ConflictRefresh? refresh = null) =>
        WriteAsync(table, actions, parallelism, PendingByteBudget, refresh, cancellationToken);

    internal static async Task<int> WriteAsync(TableClient table, IAsyncEnumerable<TableTransactionAction> actions, int parallelism, long pendingByteBudget,
        ConflictRefresh? refresh, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        var pending = new Dictionary<string, PendingBatch>(StringComparer.Ordinal);
        var inFlight = new List<Task>(parallelism);
        long pendingBytes = 0;
        var written = 0;

        async Task SendAsync(string partition)
        {
            var batch = pending[partition];
            pending.Remove(partition);
            pendingBytes -= batch.Bytes;
            while (inFlight.Count >= parallelism)
            {
                var done = await Task.WhenAny(inFlight);
                inFlight.Remove(done);
                await done;
            }

            inFlight.Add(SubmitAsync(table, batch.Actions, refresh, cancellationToken));
            written += batch.Actions.Count;
        }

        try
        {
            await foreach (var action in actions.WithCancellation(cancellationToken))
            {
                var size = TableLimits.EnsureWithinLimits(action.Entity);
                var partition = action.Entity.PartitionKey;
                if (pending.TryGetValue(partition, out var open) && open.Bytes + size > BatchByteBudget)
                {
                    await SendAsync(partition);
                }

                if (!pending.TryGetValue(partition, out var batch))
                {
                    pending[partition] = batch = new PendingBatch();
                }

                if (!batch.RowKeys.Add(action.Entity.RowKey))
                {
                    throw new ArgumentException($"Row '{partition}/{action.Entity.RowKey}' appears twice in one write; pass each entity once.", nameof(actions));
                }

                batch.Actions.Add(action);
                batch.Bytes += size;
                pendingBytes += size;
                if (batch.Actions.Count == TableLimits.MaxBatchOperations)
                {
                    await SendAsync(partition);
                }

                while (pendingBytes > pendingByteBudget)
                {
                    await SendAsync(pending.MaxBy(p => p.Value.Bytes).Key);
                }
            }

            foreach (var partition in pending.Keys.ToList())
            {
                await SendAsync(partition);
            }

            await Task.WhenAll(inFlight);
            return written;
        }
        catch
        {
            // Whatever failed, no batch is left running unobserved after the caller has moved on.
            await Task.WhenAll(inFlight).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }
    }

    private sealed class PendingBatch
    {
        public List<TableTransactionAction> Actions { get; } = [];

        public HashSet<string> RowKeys { get; } = new(StringComparer.Ordinal);

        public long Bytes { get; set; }
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
