using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Liuhu.Core.Storage;

namespace Liuhu.Core.Audit;

/// <summary>One audited call: who (organisation and credential id, from the authenticated identity), what
/// (the function and its targets, graduates named by pseudonym only), and the status it got.</summary>
public sealed record AccessRecord(DateTimeOffset At, string OrganisationId, string CredentialId, string Action, string Method, IReadOnlyDictionary<string, string> Targets, int Status);

/// <summary>The access log, in the AccessLog table: partition = UTC day, row = newest first, so a day's record
/// is one partition query and retention can drop whole days.</summary>
public sealed class AccessLog(StorageClients clients)
{
    private readonly TableClient table = clients.Table(StorageNames.AccessLogTable);

    public async Task RecordAsync(AccessRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var entity = new TableEntity(Day(record.At), NewestFirst.Key(record.At, NewestFirst.RandomSuffix()))
        {
            ["At"] = record.At,
            ["OrganisationId"] = record.OrganisationId,
            ["CredentialId"] = record.CredentialId,
            ["Action"] = record.Action,
            ["Method"] = record.Method,
            ["Targets"] = System.Text.Json.JsonSerializer.Serialize(record.Targets),
            ["Status"] = record.Status,
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

    public async IAsyncEnumerable<AccessRecord> ForDayAsync(DateTimeOffset day, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Day(day)}"), cancellationToken: cancellationToken))
        {
            var targets = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(e.GetString("Targets") ?? "{}") ?? [];
            yield return new AccessRecord(e.GetDateTimeOffset("At") ?? default, e.GetString("OrganisationId") ?? string.Empty, e.GetString("CredentialId") ?? string.Empty,
                e.GetString("Action") ?? string.Empty, e.GetString("Method") ?? string.Empty, targets, e.GetInt32("Status") ?? 0);
        }
    }

    /// <summary>The partition of a moment: its UTC day, yyyyMMdd.</summary>
    public static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
