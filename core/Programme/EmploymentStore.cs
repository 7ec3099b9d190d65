using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Liuhu.Core.Graduates;
using Liuhu.Core.Ledgers;
using Liuhu.Core.Storage;
using Microsoft.Extensions.Options;

namespace Liuhu.Core.Programme;

public interface IEmploymentStore
{
    /// <summary>Idempotent: a record for a graduate and route replaces the one stored, so a file imported twice
    /// is stored (and counted) once.</summary>
    Task RecordAsync(IReadOnlyList<EmploymentRecord> records, CancellationToken cancellationToken);

    IAsyncEnumerable<EmploymentRecord> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Moves a graduate's records to a random id (as outcomes are on erasure): counts stay, links go.</summary>
    Task<int> PseudonymiseAsync(string graduateId, CancellationToken cancellationToken);
}

/// <summary>Employment records keyed by graduate (partition) and route (row).</summary>
public sealed class TableEmploymentStore(StorageClients clients, IOptions<LedgerLimits> limits) : IEmploymentStore
{
    private readonly TableClient table = clients.Table(StorageNames.EmploymentTable);

    public Task RecordAsync(IReadOnlyList<EmploymentRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        var actions = records.GroupBy(r => (r.GraduateId, r.Route)).Select(g => g.Last()).Select(r =>
        {
            var entity = new TableEntity(r.GraduateId, r.Route)
            {
                ["EmployedOn"] = r.EmployedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["District"] = r.District,
                ["Cluster"] = r.Cluster,
                ["VacancyId"] = r.VacancyId,
                ["EmployerName"] = r.EmployerName,
                ["Residency"] = r.Residency?.ToString(),
                ["StudiedInHohhot"] = r.StudiedInHohhot,
                ["University"] = r.University,
                ["RecordedBy"] = r.RecordedBy,
                ["RecordedAt"] = r.RecordedAt,
            }.WithoutNulls();
            TableLimits.EnsureWithinLimits(entity);
            return new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity);
        });
        return TableBatchWriter.WriteAsync(table, actions.ToList(), limits.Value.WriteParallelism, cancellationToken);
    }

    public async IAsyncEnumerable<EmploymentRecord> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            if (!DateOnly.TryParseExact(e.GetString("EmployedOn"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var employedOn))
            {
                continue;
            }

            yield return new EmploymentRecord
            {
                GraduateId = e.PartitionKey,
                Route = e.RowKey,
                EmployedOn = employedOn,
                District = e.GetString("District"),
                Cluster = e.GetString("Cluster"),
                VacancyId = e.GetString("VacancyId"),
                EmployerName = e.GetString("EmployerName"),
                Residency = Enum.TryParse<Residency>(e.GetString("Residency"), out var residency) ? residency : null,
                StudiedInHohhot = e.GetBoolean("StudiedInHohhot"),
                University = e.GetString("University"),
                RecordedBy = e.GetString("RecordedBy") ?? string.Empty,
                RecordedAt = e.GetDateTimeOffset("RecordedAt") ?? default,
            };
        }
    }

    public Task<int> PseudonymiseAsync(string graduateId, CancellationToken cancellationToken) =>
        PartitionPseudonymiser.MoveAsync(table, graduateId, limits.Value.WriteParallelism, cancellationToken);
}
