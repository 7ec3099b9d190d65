using Azure;
using Azure.Data.Tables;
using Liuhu.Core.Domain;
using Liuhu.Core.Ledgers;
using Microsoft.Extensions.Options;

namespace Liuhu.Core.Storage;

public sealed class TableVacancyStore(StorageClients clients, IOptions<LedgerLimits> limits) : IVacancyStore
{
    private static readonly string[] KeptColumns = ["PartitionKey", "RowKey", "Status", "FirstSeenAt", "FairIds"];
    private static readonly string[] FairColumns = ["PartitionKey", "RowKey", "FairIds", "Headcount", "District", "Status"];
    private readonly TableClient table = clients.Table(StorageNames.VacanciesTable);

    /// <summary>Replaces each post, keeping the status (set by PATCH), the first-seen time and the fair links
    /// (a ledger adds links; the fair API removes them) of one already stored. The writes are conditional (add,
    /// or replace at the ETag read), so a concurrent upload for the same employer cannot silently undo a status
    /// change; a write that loses such a race is rebuilt from the rows as they are now and tried again
    /// (<see cref="TableBatchWriter"/>), so concurrent uploads converge. Posts are taken as they come and written
    /// in batches as they fill. One partition-scoped read per employer, started the first time the employer
    /// appears and awaited only when its first batch is sent, tells which posts exist, so reading the ledger
    /// never waits for it: each post comes once, so nothing this write adds later makes that read stale (a
    /// concurrent writer's change is caught by the conditional write).</summary>
    public async Task<int> UpsertFromLedgerAsync(IAsyncEnumerable<Vacancy> vacancies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vacancies);
        var parallelism = limits.Value.WriteParallelism;
        using var reads = new SemaphoreSlim(parallelism);
        var existingOf = new System.Collections.Concurrent.ConcurrentDictionary<string, Task<Dictionary<string, TableEntity>>>(StringComparer.Ordinal);

        async Task<Dictionary<string, TableEntity>> ReadBoundedAsync(string partitionKey)
        {
            await reads.WaitAsync(cancellationToken);
            try
            {
                return await ReadKeptAsync(partitionKey, cancellationToken);
            }
            finally
            {
                reads.Release();
            }
        }

        async IAsyncEnumerable<TableTransactionAction> AddsAsync()
        {
            await foreach (var vacancy in vacancies.WithCancellation(cancellationToken))
            {
                var entity = VacancyEntities.ToEntity(vacancy);
                if (!existingOf.ContainsKey(entity.PartitionKey))
                {
                    existingOf[entity.PartitionKey] = ReadBoundedAsync(entity.PartitionKey);
                }

                yield return new TableTransactionAction(TableTransactionActionType.Add, entity);
            }
        }

        async Task<IReadOnlyList<TableTransactionAction>> ConditionalAsync(IReadOnlyList<TableTransactionAction> batch, CancellationToken ct)
        {
            var existing = await existingOf[batch[0].Entity.PartitionKey].WaitAsync(ct);
            lock (existing)
            {
                // A post comes once per write, so what was read of it is not needed again.
                return batch.Select(a =>
                {
                    var write = ConditionalWrite((TableEntity)a.Entity, existing);
                    existing.Remove(a.Entity.RowKey);
                    return write;
                }).ToList();
            }
        }

        try
        {
            return await TableBatchWriter.WriteAsync(table, AddsAsync(), parallelism, cancellationToken, RefreshAsync, ConditionalAsync);
        }
        finally
        {
            // A read started for an employer whose rows never reached a batch (the write failed first) is not left unobserved.
            await ((Task)Task.WhenAll(existingOf.Values)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
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
        var fairs = JsonLists.Read(stored.GetString("FairIds")).Union(JsonLists.Read(entity.GetString("FairIds")), StringComparer.Ordinal).ToList();
        if (fairs.Count > 0)
        {
            entity["FairIds"] = JsonLists.Write(fairs);
        }

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

        if (query.Kind is { } kind)
        {
            clauses.Add(TableClient.CreateQueryFilter($"PostKind eq {PostKinds.Code(kind)}"));
        }

        if (query.EmployerTag is { } tag)
        {
            clauses.Add(TagFilter(tag));
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

    /// <summary>Each post's column is a fixed name (see <see cref="VacancyEntities.TagColumn"/>), so each filter is a literal.</summary>
    private static string TagFilter(EmployerTag tag) => tag switch
    {
        EmployerTag.Specialised => TableClient.CreateQueryFilter($"TagSpecialised eq {true}"),
        EmployerTag.ChainLeader => TableClient.CreateQueryFilter($"TagChainLeader eq {true}"),
        EmployerTag.StateOwned => TableClient.CreateQueryFilter($"TagStateOwned eq {true}"),
        EmployerTag.Private => TableClient.CreateQueryFilter($"TagPrivate eq {true}"),
        _ => throw new ArgumentOutOfRangeException(nameof(tag)),
    };

    /// <summary>The posts linked to any fair, with only what the fair counts need. Posts without a link have no
    /// FairIds column and are left out by storage itself.</summary>
    public async IAsyncEnumerable<FairLinkedPost> ReadFairLinkedAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"FairIds gt {string.Empty}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: FairColumns, cancellationToken: cancellationToken))
        {
            yield return new FairLinkedPost($"{e.PartitionKey}-{e.RowKey}", JsonLists.Read(e.GetString("FairIds")), e.GetInt32("Headcount") ?? 0, e.GetString("District"));
        }
    }

    /// <summary>Links the post to a fair or unlinks it (<paramref name="link"/>), keeping everything else; retried at the
    /// current ETag when a ledger upload changed the post meanwhile. Null when there is no such post.</summary>
    public async Task<Vacancy?> SetFairLinkAsync(string vacancyId, string fairId, bool link, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!VacancyIds.TrySplit(vacancyId, out var pk, out var rk))
        {
            return null;
        }

        for (var attempt = 0; ; attempt++)
        {
            var response = await table.GetEntityIfExistsAsync<TableEntity>(pk, rk, cancellationToken: cancellationToken);
            if (!response.HasValue)
            {
                return null;
            }

            var current = response.Value!;
            var stored = JsonLists.Read(current.GetString("FairIds"));
            if (stored.Contains(fairId) == link)
            {
                // Already as asked: nothing is written, so a repeated call changes nothing.
                return VacancyEntities.FromEntity(current);
            }

            var fairs = stored.Where(f => f != fairId).ToList();
            if (link)
            {
                fairs.Add(fairId);
            }

            if (fairs.Count > VacancyFields.MaxFairs)
            {
                throw new Problems.ProblemException(new Problems.Problem(422, "fair.too_many", $"一个岗位最多关联 {VacancyFields.MaxFairs} 场招聘会",
                    $"A post may be linked to at most {VacancyFields.MaxFairs} fairs."));
            }

            // Merge with an empty string removes nothing, so an unlinked last fair is written as an empty list.
            var patch = new TableEntity(pk, rk) { ["FairIds"] = JsonLists.Write(fairs), ["UpdatedAt"] = now };
            try
            {
                await table.UpdateEntityAsync(patch, current.ETag, TableUpdateMode.Merge, cancellationToken);
                return VacancyEntities.FromEntity(current) with { FairIds = fairs, UpdatedAt = now };
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < 3)
            {
                // Someone wrote the post between our read and write: read it again and apply the change to that.
            }
        }
    }

    public async IAsyncEnumerable<Vacancy> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in table.QueryAsync<TableEntity>(maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            yield return VacancyEntities.FromEntity(e);
        }
    }

    public async IAsyncEnumerable<Vacancy> ReadChangedSinceAsync(DateTimeOffset since, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"Timestamp ge {since}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
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
