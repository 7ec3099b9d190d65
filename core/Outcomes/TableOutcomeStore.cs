using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Liuhu.Core.Ledgers;
using Liuhu.Core.Storage;
using Microsoft.Extensions.Options;

namespace Liuhu.Core.Outcomes;

/// <summary>Outcomes keyed by graduate (partition) and post + event (row), so that a repeated report replaces
/// itself and a graduate's history is one partition.</summary>
public sealed class TableOutcomeStore(StorageClients clients, IOptions<LedgerLimits> limits) : IOutcomeStore
{
    private readonly TableClient table = clients.Table(StorageNames.OutcomesTable);

    public Task RecordAsync(IReadOnlyList<Outcome> outcomes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        // One entity group may not touch a row twice; the same event reported twice in a batch is one row anyway.
        var distinct = outcomes.GroupBy(o => (o.GraduateId, o.VacancyId, o.Event)).Select(g => g.Last());
        var actions = distinct.Select(o => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
            new TableEntity(o.GraduateId, $"{o.VacancyId}_{o.Event}") { ["VacancyId"] = o.VacancyId, ["Event"] = o.Event.ToString(), ["At"] = o.At }));
        return TableBatchWriter.WriteAsync(table, actions, limits.Value.WriteParallelism, cancellationToken);
    }

    public async Task<int> PseudonymiseAsync(string graduateId, CancellationToken cancellationToken)
    {
        if (!TableLimits.IsValidKey(graduateId))
        {
            return 0;
        }

        var rows = new List<TableEntity>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {graduateId}"), cancellationToken: cancellationToken))
        {
            rows.Add(e);
        }

        if (rows.Count == 0)
        {
            return 0;
        }

        // Copy first, then delete: a crash in between leaves a duplicate under a random id, never a lost event
        // nor a remaining link (a retried erasure finds the originals and moves them again).
        var pseudonym = "erased-" + Guid.NewGuid().ToString("N");
        var copies = rows.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(pseudonym, e.RowKey)
        {
            ["VacancyId"] = e.GetString("VacancyId"),
            ["Event"] = e.GetString("Event"),
            ["At"] = e.GetDateTimeOffset("At"),
        }));
        await TableBatchWriter.WriteAsync(table, copies, limits.Value.WriteParallelism, cancellationToken);
        await TableBatchWriter.WriteAsync(table, rows.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e)), limits.Value.WriteParallelism, cancellationToken);
        return rows.Count;
    }

    public async IAsyncEnumerable<Outcome> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            if (Enum.TryParse<OutcomeEvent>(e.GetString("Event"), out var kind))
            {
                yield return new Outcome(e.PartitionKey, e.GetString("VacancyId") ?? string.Empty, kind, e.GetDateTimeOffset("At") ?? default);
            }
        }
    }
}
