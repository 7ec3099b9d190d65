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
    public bool Enqueue(string graduateId, string requestId, string modelVersion, DateTimeOffset at, int candidateSetSize, IReadOnlyList<string> vacancyIds,
        IReadOnlyList<double>? propensities = null)
    {
        ArgumentNullException.ThrowIfNull(vacancyIds);
        _ = writers.Value;
        Interlocked.Increment(ref pending);
        if (queue.Writer.TryWrite(new Queued(graduateId, requestId, modelVersion, at, candidateSetSize, vacancyIds, propensities)))
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
                await RecordAsync(impression.GraduateId, impression.RequestId, impression.ModelVersion, impression.At, impression.CandidateSetSize, impression.VacancyIds, CancellationToken.None, impression.Propensities);
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

    private sealed record Queued(string GraduateId, string RequestId, string ModelVersion, DateTimeOffset At, int CandidateSetSize, IReadOnlyList<string> VacancyIds, IReadOnlyList<double>? Propensities);

    /// <summary>Writes one impression now (the queue's writers call this).</summary>
    public async Task RecordAsync(string graduateId, string requestId, string modelVersion, DateTimeOffset at, int candidateSetSize, IReadOnlyList<string> vacancyIds, CancellationToken cancellationToken,
        IReadOnlyList<double>? propensities = null)
    {
        ArgumentNullException.ThrowIfNull(vacancyIds);
        if (propensities is not null && propensities.Count != vacancyIds.Count)
        {
            throw new ArgumentException("One propensity per post.", nameof(propensities));
        }

        var entity = new TableEntity(await pseudonyms.OfAsync(graduateId, cancellationToken), requestId)
        {
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

        // Upsert by request id: a retried request writes the same row again.
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async IAsyncEnumerable<Impression> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            var posts = e.GetString("Posts") ?? string.Empty;
            var propensities = e.GetString("Propensities")?.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => double.Parse(p, NumberStyles.Float, CultureInfo.InvariantCulture)).ToList();
            yield return new Impression(e.RowKey, e.PartitionKey, e.GetString("ModelVersion") ?? string.Empty, e.GetDateTimeOffset("At") ?? default,
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
