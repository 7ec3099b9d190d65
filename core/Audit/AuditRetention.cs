using Azure;
using Azure.Data.Tables;
using Liuhu.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Liuhu.Core.Audit;

/// <summary>What one purge deleted, per table.</summary>
public sealed record AuditPurge(int AccessRecords, int CandidateViews);

/// <summary>Deletes access records older than their retention (<see cref="AuditOptions"/>) from both audit tables.
/// Runs page by page, so memory does not grow with the tables, and is safe to run twice at once: a row another
/// run already deleted is simply gone.</summary>
public sealed class AuditRetention(StorageClients clients, IOptions<AuditOptions> options, TimeProvider time, ILogger<AuditRetention> logger)
{
    private static readonly string[] KeysOnly = ["PartitionKey", "RowKey"];

    public async Task<AuditPurge> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var retention = options.Value;

        // AccessLog partitions are UTC days (yyyyMMdd), which sort as text; whole days before the cutoff's day go.
        var accessCutoff = now - TimeSpan.FromDays(retention.AccessLogRetentionDays);
        var accessRecords = await DeleteMatchingAsync(clients.Table(StorageNames.AccessLogTable),
            TableClient.CreateQueryFilter($"PartitionKey lt {AccessLog.Day(accessCutoff)}"), cancellationToken);

        // Candidate views are partitioned by post, so the age is read from the time each view was recorded.
        var viewCutoff = now - TimeSpan.FromDays(retention.CandidateViewRetentionDays);
        var candidateViews = await DeleteMatchingAsync(clients.Table(StorageNames.AuditTable),
            TableClient.CreateQueryFilter($"At lt {viewCutoff}"), cancellationToken);

        logger.LogInformation("Audit purge: {AccessRecords} access records older than {AccessLogDays} days and {CandidateViews} candidate views older than {CandidateViewDays} days deleted",
            accessRecords, retention.AccessLogRetentionDays, candidateViews, retention.CandidateViewRetentionDays);
        return new AuditPurge(accessRecords, candidateViews);
    }

    private static async Task<int> DeleteMatchingAsync(TableClient table, string filter, CancellationToken cancellationToken)
    {
        var deleted = 0;
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: KeysOnly, cancellationToken: cancellationToken).AsPages())
        {
            foreach (var partition in page.Values.GroupBy(e => e.PartitionKey, StringComparer.Ordinal))
            {
                foreach (var batch in partition.Chunk(TableLimits.MaxBatchOperations))
                {
                    await DeleteBatchAsync(table, batch, cancellationToken);
                    deleted += batch.Length;
                }
            }
        }

        return deleted;
    }

    private static async Task DeleteBatchAsync(TableClient table, TableEntity[] batch, CancellationToken cancellationToken)
    {
        try
        {
            await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)), cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 404)
        {
            // Another purge got there first for part of the batch; one by one, a missing row is not an error.
            foreach (var entity in batch)
            {
                try
                {
                    await table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, ETag.All, cancellationToken);
                }
                catch (RequestFailedException missing) when (missing.Status == 404)
                {
                }
            }
        }
    }
}
