using System.Threading.Channels;
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

    /// <summary>Most entity bytes (as the service counts them) held at once while actions stream in: in partly
    /// filled batches, in full batches waiting for a writer and in batches being written. Rows of many partitions
    /// interleave in a file (a ledger lists employers in any order), so full batches need rows to wait; past this
    /// reading waits for a batch to be written, or, when no full batch is waiting, the fullest partial batch goes
    /// early, which keeps memory bounded whatever the order.</summary>
    public const long PendingByteBudget = 24L * 1024 * 1024;

    /// <summary>As <see cref="WriteAsync(TableClient, IEnumerable{TableTransactionAction}, int, CancellationToken, ConflictRefresh?)"/>,
    /// but taking actions as they come: a partition's batch is queued when it is full and <paramref name="parallelism"/>
    /// writers send queued batches while reading goes on, so reading and writing overlap. Each row must come once:
    /// two batches of one partition may be in flight together.</summary>
    /// <param name="prepare">Applied to each batch by its writer just before it is first sent (e.g. to turn adds into
    /// conditional replaces of rows read meanwhile), off the reading path.</param>
    public static Task<int> WriteAsync(TableClient table, IAsyncEnumerable<TableTransactionAction> actions, int parallelism, CancellationToken cancellationToken,
        ConflictRefresh? refresh = null, ConflictRefresh? prepare = null) =>
        WriteAsync(table, actions, parallelism, PendingByteBudget, refresh, cancellationToken, prepare);

    internal static async Task<int> WriteAsync(TableClient table, IAsyncEnumerable<TableTransactionAction> actions, int parallelism, long pendingByteBudget,
        ConflictRefresh? refresh, CancellationToken cancellationToken, ConflictRefresh? prepare = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = new Dictionary<string, PendingBatch>(StringComparer.Ordinal);
        using var held = new HeldBytes();
        var ready = Channel.CreateUnbounded<PendingBatch>(new UnboundedChannelOptions { SingleWriter = true });
        var written = 0;

        async Task WriterAsync()
        {
            await foreach (var batch in ready.Reader.ReadAllAsync(stop.Token))
            {
                Interlocked.Decrement(ref held.Queued);
                try
                {
                    var actions = prepare is null ? batch.Actions : await prepare(batch.Actions, stop.Token);
                    await SubmitAsync(table, actions, refresh, stop.Token);
                }
                catch
                {
                    // The first failure stops the others and the reading; the caller sees this exception.
                    await stop.CancelAsync();
                    throw;
                }

                Interlocked.Add(ref held.Bytes, -batch.Bytes);
                held.Released.Release();
            }
        }

        void Queue(string partition)
        {
            var batch = pending[partition];
            pending.Remove(partition);
            Interlocked.Increment(ref held.Queued);
            ready.Writer.TryWrite(batch);
            written += batch.Actions.Count;
        }

        var writers = Enumerable.Range(0, parallelism).Select(_ => WriterAsync()).ToArray();
        try
        {
            await foreach (var action in actions.WithCancellation(stop.Token))
            {
                var size = TableLimits.EnsureWithinLimits(action.Entity);
                var partition = action.Entity.PartitionKey;
                if (pending.TryGetValue(partition, out var open) && open.Bytes + size > BatchByteBudget)
                {
                    Queue(partition);
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
                Interlocked.Add(ref held.Bytes, size);
                if (batch.Actions.Count == TableLimits.MaxBatchOperations)
                {
                    Queue(partition);
                }

                while (Volatile.Read(ref held.Bytes) > pendingByteBudget)
                {
                    if (Volatile.Read(ref held.Queued) == 0 && pending.Count > 0)
                    {
                        // No full batch waits, so the writers would go idle: the fullest partial batch goes now.
                        Queue(pending.MaxBy(p => p.Value.Bytes).Key);
                    }
                    else
                    {
                        await held.Released.WaitAsync(stop.Token);
                    }
                }
            }

            foreach (var partition in pending.Keys.ToList())
            {
                Queue(partition);
            }

            ready.Writer.Complete();
            await Task.WhenAll(writers);
            return written;
        }
        catch
        {
            // Whatever failed, no batch is left running unobserved after the caller has moved on, and a writer's
            // failure is what the caller sees rather than the cancellation it caused in the reading.
            await stop.CancelAsync();
            ready.Writer.TryComplete();
            await Task.WhenAll(writers).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (writers.FirstOrDefault(w => w.IsFaulted)?.Exception?.InnerException is { } failure)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            throw;
        }
    }

    /// <summary>What the writers hold between them: entity bytes not yet written, batches queued but not yet
    /// taken, and a signal each time a batch is written.</summary>
    private sealed class HeldBytes : IDisposable
    {
        public long Bytes;
        public int Queued;

        public SemaphoreSlim Released { get; } = new(0);

        public void Dispose() => Released.Dispose();
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
