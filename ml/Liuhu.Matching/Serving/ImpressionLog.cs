using Azure.Data.Tables;
using Liuhu.Core.Graduates;
using Liuhu.Core.Storage;

namespace Liuhu.Matching.Serving;

/// <summary>What one match response showed: which posts at which positions, out of how many candidates, by which
/// model. The graduate is named by their pseudonym (an HMAC whose key erasure deletes), so the log links to no one
/// once a graduate is erased.</summary>
public sealed record Impression(string RequestId, string GraduatePseudonym, string ModelVersion, DateTimeOffset At, int CandidateSetSize, IReadOnlyList<string> VacancyIds);

/// <summary>The server-side impression log (table <c>Impressions</c>: partition = graduate pseudonym, row = request
/// id). Outcomes are joined to it to learn the position each post was shown at, so training can weight clicks by
/// the inverse of how likely that position was to be looked at.</summary>
public sealed class ImpressionLog(StorageClients clients, GraduatePseudonyms pseudonyms)
{
    private readonly TableClient table = clients.Table(StorageNames.ImpressionsTable);

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
