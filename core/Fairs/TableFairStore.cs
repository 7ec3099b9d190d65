using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Liuhu.Core.Storage;

namespace Liuhu.Core.Fairs;

/// <summary>Fairs in one partition of their own table: a city holds a few hundred a year, so one partition keeps
/// the calendar a single query. Dates are stored as yyyy-MM-dd text, which sorts and compares as the dates do.</summary>
public sealed class TableFairStore(StorageClients clients)
{
    private const string Partition = "fair";
    private readonly TableClient table = clients.Table(StorageNames.FairsTable);

    /// <summary>False when a fair with this id already exists (the caller draws a new id).</summary>
    public async Task<bool> AddAsync(Fair fair, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fair);
        try
        {
            await table.AddEntityAsync(ToEntity(fair), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<(Fair Fair, ETag ETag)?> GetAsync(string fairId, CancellationToken cancellationToken)
    {
        if (!FairIds.TryNormalize(fairId, out var id))
        {
            return null;
        }

        var response = await table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken);
        return response.HasValue ? (FromEntity(response.Value!), response.Value!.ETag) : null;
    }

    /// <summary>Replaces the fair if it is unchanged since <paramref name="etag"/>; false when someone changed it meanwhile.</summary>
    public async Task<bool> ReplaceAsync(Fair fair, ETag etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fair);
        try
        {
            await table.UpdateEntityAsync(ToEntity(fair), etag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    /// <summary>Fairs that overlap [<paramref name="from"/>, <paramref name="to"/>], optionally of one organiser
    /// district, at most <paramref name="limit"/> + 1 (so the caller can tell there were more).</summary>
    public async Task<IReadOnlyList<Fair>> ListAsync(DateOnly from, DateOnly to, string? district, int limit, CancellationToken cancellationToken)
    {
        var fromText = Date(from);
        var toText = Date(to);
        var filter = district is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and EndsOn ge {fromText} and StartsOn le {toText}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and EndsOn ge {fromText} and StartsOn le {toText} and District eq {district}");
        var fairs = new List<Fair>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            fairs.Add(FromEntity(e));
            if (fairs.Count > limit)
            {
                break;
            }
        }

        return fairs;
    }

    /// <summary>Every fair, for the ledger column's check and the counts: a few hundred a year, read in pages.</summary>
    public async IAsyncEnumerable<Fair> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            yield return FromEntity(e);
        }
    }

    private static TableEntity ToEntity(Fair fair)
    {
        var e = new TableEntity(Partition, fair.FairId)
        {
            ["Name"] = fair.Name,
            ["Kind"] = fair.Kind.ToString(),
            ["StartsOn"] = Date(fair.StartsOn),
            ["EndsOn"] = Date(fair.EndsOn),
            ["Place"] = fair.Place,
            ["Online"] = fair.Online,
            ["District"] = fair.District,
            ["OrganiserId"] = fair.OrganiserId,
            ["Status"] = fair.Status.ToString(),
            ["CreatedAt"] = fair.CreatedAt,
            ["UpdatedAt"] = fair.UpdatedAt,
        };
        foreach (var key in e.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            e.Remove(key);
        }

        return e;
    }

    private static Fair FromEntity(TableEntity e) => new()
    {
        FairId = e.RowKey,
        Name = e.GetString("Name") ?? string.Empty,
        Kind = Enum.TryParse<FairKind>(e.GetString("Kind"), out var kind) ? kind : FairKind.Special,
        StartsOn = ParseDate(e.GetString("StartsOn")),
        EndsOn = ParseDate(e.GetString("EndsOn")),
        Place = e.GetString("Place"),
        Online = e.GetBoolean("Online") ?? false,
        District = e.GetString("District"),
        OrganiserId = e.GetString("OrganiserId") ?? string.Empty,
        Status = Enum.TryParse<FairStatus>(e.GetString("Status"), out var status) ? status : FairStatus.Scheduled,
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? default,
    };

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : default;
}
