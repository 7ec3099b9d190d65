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

    public Task<int> PseudonymiseAsync(string graduateId, CancellationToken cancellationToken) =>
        PartitionPseudonymiser.MoveAsync(table, graduateId, limits.Value.WriteParallelism, cancellationToken);

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
