using Azure;
using Azure.Data.Tables;
using Liuhu.Core.Domain;
using Liuhu.Core.Ledgers;
using Microsoft.Extensions.Options;

namespace Liuhu.Core.Storage;

public sealed class TableVacancyStore(StorageClients clients, IOptions<LedgerLimits> limits) : IVacancyStore
{
    private static readonly string[] KeptColumns = ["PartitionKey", "RowKey", "Status", "FirstSeenAt"];
    private readonly TableClient table = clients.Table(StorageNames.VacanciesTable);

    /// <summary>Replaces each post, keeping the status (set by PATCH) and first-seen time of one already
    /// stored. The writes are conditional (add, or replace at the ETag read), so a concurrent upload for the
    /// same employer cannot silently undo a status change; a write that loses such a race is rebuilt from the
    /// rows as they are now and tried again (<see cref="TableBatchWriter"/>), so concurrent uploads converge.</summary>
    public Task<int> UpsertFromLedgerAsync(IReadOnlyList<Vacancy> vacancies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vacancies);
        return UpsertFromLedgerAsync(vacancies.ToAsyncEnumerable(), cancellationToken);
    }

    /// <summary>As the list overload, with posts taken as they come and written in batches as they fill. One
    /// partition-scoped read per employer, the first time the employer appears, tells which posts exist: each post
    /// comes once, so nothing this write adds later makes that read stale (a concurrent writer's change is caught
    /// by the conditional write).</summary>
    public Task<int> UpsertFromLedgerAsync(IAsyncEnumerable<Vacancy> vacancies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vacancies);
        return TableBatchWriter.WriteAsync(table, ConditionalWritesAsync(vacancies, cancellationToken), limits.Value.WriteParallelism, cancellationToken, RefreshAsync);
    }

    private async IAsyncEnumerable<TableTransactionAction> ConditionalWritesAsync(IAsyncEnumerable<Vacancy> vacancies,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var existingOf = new Dictionary<string, Dictionary<string, TableEntity>>(StringComparer.Ordinal);
        await foreach (var vacancy in vacancies.WithCancellation(cancellationToken))
        {
            if (!existingOf.TryGetValue(vacancy.EmployerCreditCode, out var existing))
            {
                existing = await ReadKeptAsync(vacancy.EmployerCreditCode, cancellationToken);
                existingOf[vacancy.EmployerCreditCode] = existing;
            }

            var entity = VacancyEntities.ToEntity(vacancy);
            var write = ConditionalWrite(entity, existing);

            // A post comes once per write, so what was read of it is not needed again.
            existing.Remove(entity.RowKey);
            yield return write;
        }
    }

    private async Task<IReadOnlyList<TableTransactionAction>> RefreshAsync(IReadOnlyList<TableTransactionAction> batch, CancellationToken cancellationToken)
    {
        var existing = await ReadKeptAsync(batch[0].Entity.PartitionKey, cancellationToken);
        return batch.Select(a => ConditionalWrite((TableEntity)a.Entity, existing)).ToList();
    }

    private async Task<Dictionary<string, TableEntity>> ReadKeptAsync(string partitionKey, CancellationToken cancellationToken)
    {
        var existing = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, select: KeptColumns, cancellationToken: cancellationToken))
        {
            existing[e.RowKey] = e;
        }

        return existing;
    }

    private static TableTransactionAction ConditionalWrite(TableEntity entity, Dictionary<string, TableEntity> existing)
    {
        if (!existing.TryGetValue(entity.RowKey, out var stored))
        {
            return new TableTransactionAction(TableTransactionActionType.Add, entity);
        }

        entity["Status"] = stored.GetString("Status") ?? nameof(VacancyStatus.Open);
        entity["FirstSeenAt"] = stored.GetDateTimeOffset("FirstSeenAt") ?? entity.GetDateTimeOffset("FirstSeenAt");
        entity.ETag = stored.ETag;
        return new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, stored.ETag);
    }

    public async Task<Vacancy?> GetAsync(string vacancyId, CancellationToken cancellationToken)
    {
        if (!VacancyIds.TrySplit(vacancyId, out var pk, out var rk))
        {
            return null;
        }

        var response = await table.GetEntityIfExistsAsync<TableEntity>(pk, rk, cancellationToken: cancellationToken);
        return response.HasValue ? VacancyEntities.FromEntity(response.Value!) : null;
    }

    public async Task<Page<Vacancy>> ListAsync(VacancyQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var clauses = new List<string>();
        if (query.EmployerCreditCode is { } credit)
        {
            clauses.Add(TableClient.CreateQueryFilter($"PartitionKey eq {credit}"));
        }

        if (query.Cluster is { } cluster)
        {
            clauses.Add(TableClient.CreateQueryFilter($"Cluster eq {cluster}"));
        }

        if (query.District is { } district)
        {
            clauses.Add(TableClient.CreateQueryFilter($"District eq {district}"));
        }

        if (query.Status is { } status)
        {
            clauses.Add(TableClient.CreateQueryFilter($"Status eq {status.ToString()}"));
        }

        var filter = clauses.Count == 0 ? null : string.Join(" and ", clauses);
        var pages = table.QueryAsync<TableEntity>(filter, maxPerPage: query.PageSize, cancellationToken: cancellationToken)
            .AsPages(query.ContinuationToken, query.PageSize);
        await foreach (var page in pages)
        {
            return new Page<Vacancy>(page.Values.Select(VacancyEntities.FromEntity).ToList(), page.ContinuationToken);
        }

        return new Page<Vacancy>([], null);
    }

    public async IAsyncEnumerable<Vacancy> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in table.QueryAsync<TableEntity>(maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            yield return VacancyEntities.FromEntity(e);
        }
    }

    public async Task<Vacancy?> SetStatusAsync(string vacancyId, VacancyStatus status, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!VacancyIds.TrySplit(vacancyId, out var pk, out var rk))
        {
            return null;
        }

        var response = await table.GetEntityIfExistsAsync<TableEntity>(pk, rk, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        var patch = new TableEntity(pk, rk) { ["Status"] = status.ToString(), ["UpdatedAt"] = now };
        try
        {
            await table.UpdateEntityAsync(patch, response.Value!.ETag, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            // A ledger re-upload changed the post between our read and write; the status still applies.
            await table.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }

        return await GetAsync(vacancyId, cancellationToken);
    }
}
