using Azure.Data.Tables;

namespace Liuhu.Core.Storage;

/// <summary>Moves every row of one partition (one graduate's) to a fresh random partition that nothing else
/// holds: the rows and what they count stay, nothing links them to the graduate any more (erasure).</summary>
public static class PartitionPseudonymiser
{
    public const string Prefix = "erased-";

    /// <summary>Returns how many rows moved. Copies first, then deletes: a crash in between leaves a duplicate
    /// under a random id, never a lost row nor a remaining link (a retried erasure finds the originals and moves
    /// them again).</summary>
    public static async Task<int> MoveAsync(TableClient table, string partitionKey, int parallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!TableLimits.IsValidKey(partitionKey))
        {
            return 0;
        }

        var rows = new List<TableEntity>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}"), cancellationToken: cancellationToken))
        {
            rows.Add(e);
        }

        if (rows.Count == 0)
        {
            return 0;
        }

        var pseudonym = Prefix + Guid.NewGuid().ToString("N");
        var copies = rows.Select(e =>
        {
            var copy = new TableEntity(pseudonym, e.RowKey);
            foreach (var (name, value) in e.Where(p => p.Key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")))
            {
                copy[name] = value;
            }

            return new TableTransactionAction(TableTransactionActionType.UpsertReplace, copy);
        });
        await TableBatchWriter.WriteAsync(table, copies, parallelism, cancellationToken);
        await TableBatchWriter.WriteAsync(table, rows.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e)), parallelism, cancellationToken);
        return rows.Count;
    }
}
