using Azure.Data.Tables;

namespace Liuhu.Testing;

/// <summary>Counts what is really stored, entity by entity, for the tests that check "every row once".</summary>
public static class TableCounts
{
    public static async Task<int> InPartitionsAsync(TableClient table, IEnumerable<string> partitions)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(partitions);
        var count = 0;
        foreach (var partition in partitions)
        {
            await foreach (var _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["RowKey"]))
            {
                count++;
            }
        }

        return count;
    }
}
