using System.Diagnostics.Metrics;
using System.Globalization;
using System.Threading.Channels;
using Azure.Data.Tables;
using Liuhu.Core.Graduates;
using Liuhu.Core.Storage;
using Liuhu.Core.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Liuhu.Matching.Serving;

/// <summary>What one match response showed: which posts at which positions, out of how many candidates, by which
/// model. The graduate is named by their pseudonym (an HMAC whose key erasure deletes), so the log links to no one
/// once a graduate is erased.</summary>
/// <param name="Propensities">Per post, the probability that the serving policy put it in the list (1 unless
/// exploration drew it, <see cref="Exploration"/>); all 1 for rows written before exploration existed.</param>
public sealed record Impression(string RequestId, string GraduatePseudonym, string ModelVersion, DateTimeOffset At, int CandidateSetSize, IReadOnlyList<string> VacancyIds,
    IReadOnlyList<double>? Propensities = null)
{
    public double PropensityAt(int index) => Propensities is { } p && index < p.Count ? p[index] : 1;
}

/// <summary>The server-side impression log (table <c>Impressions</c>). Outcomes are joined to it to learn the
/// position each post was shown at, so training can weight clicks by the inverse of how likely that position was to
/// be looked at.
/// A match response does not wait for its row, and does not cost storage a request of its own: <see cref="Enqueue"/>
/// hands it to a bounded queue that one background writer drains in batches, up to 100 rows in one entity-group
/// transaction. Rows are keyed so that a batch can share a partition: partition = the minute the list was shown and
/// one of <see cref="Shards"/> shards of the request id (<see cref="PartitionOf"/>), row = request id, the graduate's
/// pseudonym a property; a row's keys follow from the row alone, so a retried batch rewrites the same rows.
/// (Rows written before batching are partitioned by pseudonym; they read back the same.)
/// What is lost: when the queue is full the impression is dropped and counted (<c>liuhu.impressions.dropped</c>);
/// on a crash, the rows still queued or waiting for their batch (at most <see cref="MatchingOptions.ImpressionBatchMilliseconds"/>
/// of them plus the queue's backlog, normally empty). Training then weights those pairs as of unknown position,
/// which costs far less than making every graduate wait. On an orderly shutdown the queue is written out first
/// (<see cref="DisposeAsync"/>).</summary>
public sealed class ImpressionLog : IAsyncDisposable
{
    /// <summary>Partitions a minute's impressions are spread over, so that no one partition takes every
    /// instance's writes (Table Storage serves about 2,000 entities a second per partition).</summary>
    public const int Shards = 4;

    /// <summary>Attempts at a batch, on top of the storage client's own retries of one failed request: a few paced
    /// attempts ride out storage unreachable for a second or two (a restart) before the batch is counted lost.</summary>
    private const int Attempts = 3;

    private readonly TableClient table;
    private readonly GraduatePseudonyms pseudonyms;
    private readonly ILogger<ImpressionLog> logger;
    private readonly Channel<Queued> queue;
    private readonly int capacity;
    private readonly TimeSpan batchWait;

    private readonly Counter<long> dropped;
    private readonly Lazy<Task> writer;
    private long pending;
    private long droppedCount;
    private long batchesWritten;

    public ImpressionLog(StorageClients clients, GraduatePseudonyms pseudonyms, IMeterFactory meters, IOptions<MatchingOptions> options, ILogger<ImpressionLog> logger)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(options);
        capacity = options.Value.ImpressionQueueCapacity;
        batchWait = TimeSpan.FromMilliseconds(options.Value.ImpressionBatchMilliseconds);
        queue = Channel.CreateBounded<Queued>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
        table = clients.Table(StorageNames.ImpressionsTable);
        this.pseudonyms = pseudonyms;
        this.logger = logger;
        dropped = meters.Create(LiuhuMetrics.Name).CreateCounter<long>("liuhu.impressions.dropped", description: "Match impressions not logged because the write queue was full");
        writer = new(() => Task.Run(WriteQueuedAsync));
    }

    /// <summary>Impressions dropped since start because the queue was full (or their batch could not be written).</summary>
    public long Dropped => Interlocked.Read(ref droppedCount);

    /// <summary>Transactions written since start (each up to 100 impressions).</summary>
    public long BatchesWritten => Interlocked.Read(ref batchesWritten);

    /// <summary>The partition an impression's row is in: the minute it was shown (UTC) and a shard of its request id.</summary>
    public static string PartitionOf(DateTimeOffset at, string requestId)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        var shard = (int)(System.IO.Hashing.XxHash32.HashToUInt32(System.Text.Encoding.UTF8.GetBytes(requestId)) % Shards);
        return string.Create(CultureInfo.InvariantCulture, $"t{at.UtcDateTime:yyyyMMddHHmm}-{shard}");
    }

    /// <summary>Queues the impression for writing; false (and counted) when the queue is full. The graduate id
    /// is turned into its pseudonym by the writer, never stored as is.</summary>
    public bool Enqueue(string graduateId, string requestId, string modelVersion, DateTimeOffset at, int candidateSetSize, IReadOnlyList<string> vacancyIds,
        IReadOnlyList<double>? propensities = null)
    {
        ArgumentNullException.ThrowIfNull(vacancyIds);
        _ = writer.Value;
        Interlocked.Increment(ref pending);
        if (queue.Writer.TryWrite(new Queued(graduateId, requestId, modelVersion, at, candidateSetSize, vacancyIds, propensities)))
        {
            return true;
        }

        Interlocked.Decrement(ref pending);
        CountDropped(1, "queue full");
        return false;
    }

    /// <summary>Waits until every impression queued so far is written (for tests and shutdown).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        while (Interlocked.Read(ref pending) > 0)
        {
            await Task.Delay(10, cancellationToken);
        }
    }

    /// <summary>Stops taking impressions and writes out what is queued (the host disposes singletons on an orderly shutdown).</summary>
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        if (writer.IsValueCreated)
        {
            await writer.Value;
        }
    }

    private void CountDropped(int count, string why)
    {
        dropped.Add(count);
        var before = Interlocked.Add(ref droppedCount, count) - count;
        if (before / 1_000 != (before + count) / 1_000 || before == 0)
        {
            logger.LogWarning("Impressions dropped ({Why}; queue of {Capacity}): {Dropped} so far", why, capacity, Dropped);
        }
    }

    /// <summary>The one writer: takes what is queued, waits a moment for more when the batch is not full (so a quiet
    /// instance still writes within <see cref="MatchingOptions.ImpressionBatchMilliseconds"/>), and writes each
    /// partition's rows as transactions of up to 100.</summary>
    private async Task WriteQueuedAsync()
    {
        var batch = new List<Queued>(TableLimits.MaxBatchOperations);
        while (await queue.Reader.WaitToReadAsync())
        {
            // A wait measured on the monotonic clock: the wall clock may step while a batch fills.
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            while (batch.Count < TableLimits.MaxBatchOperations * Shards)
            {
                if (queue.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                    continue;
                }

                var left = batchWait - System.Diagnostics.Stopwatch.GetElapsedTime(started);
                if (left <= TimeSpan.Zero)
                {
                    break;
                }

                using var wait = new CancellationTokenSource(left);
                try
                {
                    if (!await queue.Reader.WaitToReadAsync(wait.Token))
                    {
                        break;
                    }
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            try
            {
                // Grouped by partition, at most 100 rows and 4 MiB a transaction, as every batched write here is.
                foreach (var rows in TableBatchWriter.Chunk(await RowsAsync(batch)))
                {
                    await WriteBatchAsync(rows);
                }
            }
            finally
            {
                Interlocked.Add(ref pending, -batch.Count);
                batch.Clear();
            }
        }
    }

    private async Task<List<TableTransactionAction>> RowsAsync(List<Queued> queued)
    {
        // Upserts by request id: a retried transaction writes the same rows again. A request replayed into the same
        // batch is written once (the last as queued): Table Storage refuses a transaction that names a row twice.
        var rows = new Dictionary<(string Partition, string Row), TableTransactionAction>(queued.Count);
        foreach (var q in queued)
        {
            try
            {
                var entity = await EntityAsync(q.GraduateId, q.RequestId, q.ModelVersion, q.At, q.CandidateSetSize, q.VacancyIds, q.Propensities, CancellationToken.None);
                rows[(entity.PartitionKey, entity.RowKey)] = new(TableTransactionActionType.UpsertReplace, entity);
            }
            catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or InvalidOperationException or ArgumentException)
            {
                CountDropped(1, ex.GetType().Name);
            }
        }

        return [.. rows.Values];
    }

    private async Task WriteBatchAsync(List<TableTransactionAction> rows)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await table.SubmitTransactionAsync(rows, CancellationToken.None);
                Interlocked.Increment(ref batchesWritten);
                return;
            }
            catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or TableTransactionFailedException && attempt < Attempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
            catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or TableTransactionFailedException)
            {
                logger.LogWarning("Impression batch of {Rows} not written after {Attempts} attempts ({Error}); those impressions are lost", rows.Count, Attempts, ex.GetType().Name);
                CountDropped(rows.Count, ex.GetType().Name);
                return;
            }
        }
    }

    private sealed record Queued(string GraduateId, string RequestId, string ModelVersion, DateTimeOffset At, int CandidateSetSize, IReadOnlyList<string> VacancyIds, IReadOnlyList<double>? Propensities);

    /// <summary>Writes one impression now, outside the queue (tests, and callers that must know it is stored).</summary>
    public async Task RecordAsync(string graduateId, string requestId, string modelVersion, DateTimeOffset at, int candidateSetSize, IReadOnlyList<string> vacancyIds, CancellationToken cancellationToken,
        IReadOnlyList<double>? propensities = null)
    {
        // Upsert by request id: a retried request writes the same row again.
        await table.UpsertEntityAsync(await EntityAsync(graduateId, requestId, modelVersion, at, candidateSetSize, vacancyIds, propensities, cancellationToken), TableUpdateMode.Replace, cancellationToken);
    }

    private async Task<TableEntity> EntityAsync(string graduateId, string requestId, string modelVersion, DateTimeOffset at, int candidateSetSize, IReadOnlyList<string> vacancyIds,
        IReadOnlyList<double>? propensities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vacancyIds);
        if (propensities is not null && propensities.Count != vacancyIds.Count)
        {
            throw new ArgumentException("One propensity per post.", nameof(propensities));
        }

        var entity = new TableEntity(PartitionOf(at, requestId), requestId)
        {
            ["Graduate"] = await pseudonyms.OfAsync(graduateId, cancellationToken),
            ["ModelVersion"] = modelVersion,
            ["At"] = at,
            ["CandidateSetSize"] = candidateSetSize,
            ["Posts"] = string.Join(' ', vacancyIds),
        };

        // Only lists that explored carry propensities (the rest are all 1): round-trip format, aligned with Posts.
        if (propensities is not null && propensities.Any(p => p < 1))
        {
            entity["Propensities"] = string.Join(' ', propensities.Select(p => p.ToString("R", CultureInfo.InvariantCulture)));
        }

        TableLimits.EnsureWithinLimits(entity);
        return entity;
    }

    public async IAsyncEnumerable<Impression> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            var posts = e.GetString("Posts") ?? string.Empty;
            var propensities = e.GetString("Propensities")?.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => double.Parse(p, NumberStyles.Float, CultureInfo.InvariantCulture)).ToList();
            // Rows written before batching carry the pseudonym as their partition, not as a property.
            yield return new Impression(e.RowKey, e.GetString("Graduate") ?? e.PartitionKey, e.GetString("ModelVersion") ?? string.Empty, e.GetDateTimeOffset("At") ?? default,
                e.GetInt32("CandidateSetSize") ?? 0, posts.Split(' ', StringSplitOptions.RemoveEmptyEntries), propensities);
        }
    }

    /// <summary>The best (lowest, 1-based) position each of these graduates was shown each post at.</summary>
    public async Task<Dictionary<(string Graduate, string Vacancy), int>> PositionsAsync(IEnumerable<string> graduateIds, CancellationToken cancellationToken)
    {
        var positions = new Dictionary<(string, string), int>();
        foreach (var (graduateId, shown) in await ByGraduateAsync(graduateIds, cancellationToken))
        {
            foreach (var impression in shown)
            {
                for (var i = 0; i < impression.VacancyIds.Count; i++)
                {
                    var key = (graduateId, impression.VacancyIds[i]);
                    positions[key] = Math.Min(positions.GetValueOrDefault(key, int.MaxValue), i + 1);
                }
            }
        }

        return positions;
    }

    /// <summary>The first list each of these graduates was shown (personalised, by a ranker), with each post's
    /// position and propensity: what the off-policy estimate reads (<see cref="Ranking.OffPolicyEstimator"/>).</summary>
    public async Task<Dictionary<string, Ranking.LoggedList>> FirstListsAsync(IEnumerable<string> graduateIds, CancellationToken cancellationToken)
    {
        var lists = new Dictionary<string, Ranking.LoggedList>(StringComparer.Ordinal);
        foreach (var (graduateId, shown) in await ByGraduateAsync(graduateIds, cancellationToken))
        {
            if (shown.Where(i => i.ModelVersion != MatchService.NonPersonalizedVersion).MinBy(i => i.At) is { } first)
            {
                lists[graduateId] = new(first.ModelVersion, [.. first.VacancyIds.Select((v, i) => new Ranking.LoggedShow(v, i + 1, first.PropensityAt(i)))]);
            }
        }

        return lists;
    }

    private async Task<List<(string GraduateId, List<Impression> Shown)>> ByGraduateAsync(IEnumerable<string> graduateIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graduateIds);
        var byPseudonym = new Dictionary<string, List<Impression>>(StringComparer.Ordinal);
        await foreach (var impression in ReadAllAsync(cancellationToken))
        {
            (byPseudonym.TryGetValue(impression.GraduatePseudonym, out var list) ? list : byPseudonym[impression.GraduatePseudonym] = []).Add(impression);
        }

        var found = new List<(string, List<Impression>)>();
        if (byPseudonym.Count == 0)
        {
            return found;
        }

        foreach (var graduateId in graduateIds)
        {
            if (byPseudonym.TryGetValue(await pseudonyms.OfAsync(graduateId, cancellationToken), out var shown))
            {
                found.Add((graduateId, shown));
            }
        }

        return found;
    }
}
