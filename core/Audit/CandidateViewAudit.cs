using System.Text.Json;
using Azure.Data.Tables;
using Liuhu.Core.Storage;

namespace Liuhu.Core.Audit;

/// <summary>One view of candidate data: who asked (organisation/credential, from the authenticated identity),
/// for which post, which graduates were shown (by pseudonym: see <see cref="Graduates.GraduatePseudonyms"/>).</summary>
public sealed record CandidateView(string VacancyId, string Viewer, IReadOnlyList<string> GraduateRefs, DateTimeOffset At);

public interface ICandidateViewAudit
{
    Task RecordAsync(CandidateView view, CancellationToken cancellationToken);

    Task<IReadOnlyList<CandidateView>> ForVacancyAsync(string vacancyId, CancellationToken cancellationToken);
}

/// <summary>The audit trail PIPL expects of access to personal data, in the Audit table: partition = post,
/// row = newest first. Holds graduate pseudonyms only, never ids, names or phones.</summary>
public sealed class TableCandidateViewAudit(StorageClients clients) : ICandidateViewAudit
{
    private readonly TableClient table = clients.Table(StorageNames.AuditTable);

    public async Task RecordAsync(CandidateView view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        var rowKey = NewestFirst.Key(view.At, NewestFirst.RandomSuffix());
        var entity = new TableEntity(view.VacancyId, rowKey)
        {
            ["Viewer"] = view.Viewer.Length > 200 ? view.Viewer[..200] : view.Viewer,
            ["GraduateRefs"] = JsonSerializer.Serialize(view.GraduateRefs),
            ["Count"] = view.GraduateRefs.Count,
            ["At"] = view.At,
        };
        TableLimits.EnsureWithinLimits(entity);
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 409)
        {
            // The key is new to this call (time plus a random suffix), so the row that is there is this call's own:
            // the client retried an insert whose first answer was lost, and the record is already written.
        }
    }

    public async Task<IReadOnlyList<CandidateView>> ForVacancyAsync(string vacancyId, CancellationToken cancellationToken)
    {
        var views = new List<CandidateView>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {vacancyId}"), cancellationToken: cancellationToken))
        {
            views.Add(new CandidateView(e.PartitionKey, e.GetString("Viewer") ?? string.Empty, JsonLists.Read(e.GetString("GraduateRefs")), e.GetDateTimeOffset("At") ?? default));
        }

        return views;
    }
}
