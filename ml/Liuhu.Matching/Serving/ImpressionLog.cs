using System.Diagnostics.Metrics;
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
public sealed record Impression(string RequestId, string GraduatePseudonym, string ModelVersion, DateTimeOffset At, int CandidateSetSize, IReadOnlyList<string> VacancyIds);

/// <summary>The server-side impression log (table <c>Impressions</c>: partition = graduate pseudonym, row = request
/// id). Outcomes are joined to it to learn the position each post was shown at, so training can weight clicks by
/// the inverse of how likely that position was to be looked at.
/// A match response does not wait for its row: <see cref="Enqueue"/> hands it to a bounded queue that a few
/// background writers drain, so a slow table write never sits in the request's latency. When the queue is full
/// the impression is dropped and counted (<c>liuhu.impressions.dropped</c>): training then weights those pairs
/// as of unknown position, which costs far less than making every graduate wait.</summary>
public sealed class ImpressionLog : IAsyncDisposable
{
    private const int Writers = 4;

    private readonly TableClient table;
    private readonly GraduatePseudonyms pseudonyms;
    private readonly ILogger<ImpressionLog> logger;
    private readonly Channel<Queued> queue;
    private readonly int capacity;

    private readonly Counter<long> dropped;
    private readonly Lazy<Task[]> writers;
    private long pending;
    private long droppedCount;

    public ImpressionLog(StorageClients clients, GraduatePseudonyms pseudonyms, IMeterFactory meters, IOptions<MatchingOptions> options, ILogger<ImpressionLog> logger)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(options);
        capacity = options.Value.ImpressionQueueCapacity;
        queue = Channel.CreateBounded<Queued>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait });
        table = clients.Table(StorageNames.ImpressionsTable);
        this.pseudonyms = pseudonyms;
        this.logger = logger;
        dropped = meters.Create(LiuhuMetrics.Name).CreateCounter<long>("liuhu.impressions.dropped", description: "Match impressions not logged because the write queue was full");
        writers = new(() => [.. Enumerable.Range(0, Writers).Select(_ => Task.Run(WriteQueuedAsync))]);
    }

    /// <summary>Impressions dropped since start because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref droppedCount);

    /// <summary>Queues the impression for writing; false (and counted) when the queue is full. The graduate id
    /// is turned into its pseudonym by the writer, never stored as is.</summary>
    public bool Enqueue(string graduateId, string requestId, string modelVersion, DateTimeOffset at, int candidateSetSize, IReadOnlyList<string> vacancyIds)
    {
        ArgumentNullException.ThrowIfNull(vacancyIds);
        _ = writers.Value;
        Interlocked.Increment(ref pending);
        if (queue.Writer.TryWrite(new Queued(graduateId, requestId, modelVersion, at, candidateSetSize, vacancyIds)))
        {
            return true;
        }

        Interlocked.Decrement(ref pending);
        dropped.Add(1);
        if (Interlocked.Increment(ref droppedCount) % 1_000 == 1)
        {
            logger.LogWarning("Impression queue full ({Capacity}): {Dropped} impressions dropped so far", capacity, Dropped);
        }

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

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        if (writers.IsValueCreated)
        {
            await Task.WhenAll(writers.Value);
        }
    }

    private async Task WriteQueuedAsync()
    {
        await foreach (var impression in queue.Reader.ReadAllAsync())
        {
            try
            {
                await RecordAsync(impression.GraduateId, impression.RequestId, impression.ModelVersion, impression.At, impression.CandidateSetSize, impression.VacancyIds, CancellationToken.None);
            }
            catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or InvalidOperationException)
            {
                logger.LogWarning("Impression write failed ({Error}); the impression is lost", ex.GetType().Name);
            }
            finally
            {
                Interlocked.Decrement(ref pending);
            }
        }
    }

    private sealed record Queued(string GraduateId, string RequestId, string ModelVersion, DateTimeOffset At, int CandidateSetSize, IReadOnlyList<string> VacancyIds);

    /// <summary>Writes one impression now (the queue's writers call this).</summary>
    public async Task RecordAsync(string graduateId, string requestId, string modelVersion, DateTimeOffset at, int candidateSetSize, IReadOnlyList<string> vacancyIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vacancyIds);
        var entity = new TableEntity(await pseudonyms.OfAsync(graduateId, cancellationToken), requestId)
        {
            ["ModelVersion"] = modelVersion,
            ["At"] = at,
            ["CandidateSetSize"] = candidateSetSize,
            ["Posts"] = string.Join(' ', vacancyIds),
        };
        TableLimits.EnsureWithinLimits(entity);

        // Upsert by request id: a retried request writes the same row again.
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async IAsyncEnumerable<Impression> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            var posts = e.GetString("Posts") ?? string.Empty;
            yield return new Impression(e.RowKey, e.PartitionKey, e.GetString("ModelVersion") ?? string.Empty, e.GetDateTimeOffset("At") ?? default,
                e.GetInt32("CandidateSetSize") ?? 0, posts.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }
    }

    /// <summary>The best (lowest, 1-based) position each of these graduates was shown each post at.</summary>
    public async Task<Dictionary<(string Graduate, string Vacancy), int>> PositionsAsync(IEnumerable<string> graduateIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graduateIds);
        var byPseudonym = new Dictionary<string, List<Impression>>(StringComparer.Ordinal);
        await foreach (var impression in ReadAllAsync(cancellationToken))
        {
            (byPseudonym.TryGetValue(impression.GraduatePseudonym, out var list) ? list : byPseudonym[impression.GraduatePseudonym] = []).Add(impression);
        }

        var positions = new Dictionary<(string, string), int>();
        if (byPseudonym.Count == 0)
        {
            return positions;
        }

        foreach (var graduateId in graduateIds)
        {
            if (!byPseudonym.TryGetValue(await pseudonyms.OfAsync(graduateId, cancellationToken), out var shown))
            {
                continue;
            }

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
}
