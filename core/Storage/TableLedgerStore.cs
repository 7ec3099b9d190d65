using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Liuhu.Core.Ingestion;
using Liuhu.Core.Problems;

namespace Liuhu.Core.Storage;

/// <summary>Ledger status in the Ledgers table (partition = ledger id, so every read is a point read), the
/// uploaded file and the row report as blobs, and the work item on the ledger queue.</summary>
public sealed class TableLedgerStore(StorageClients clients) : ILedgerStore
{
    private const string StatusRowKey = "status";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TableClient table = clients.Table(StorageNames.LedgersTable);
    private readonly BlobContainerClient uploads = clients.Container(StorageNames.UploadsContainer);
    private readonly BlobContainerClient reports = clients.Container(StorageNames.ReportsContainer);
    private readonly QueueClient queue = clients.Queue(StorageNames.LedgerQueue);

    // Uploads and downloads move a ledger in blocks of this size, one at a time: memory per transfer is one block.
    private static readonly StorageTransferOptions Transfer = new()
    {
        InitialTransferSize = 4 * 1024 * 1024,
        MaximumTransferSize = 4 * 1024 * 1024,
        MaximumConcurrency = 1,
    };

    public async Task SubmitAsync(LedgerStatus status, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        await uploads.GetBlobClient(status.LedgerId).UploadAsync(content, new BlobUploadOptions { TransferOptions = Transfer }, cancellationToken);
        await SaveStatusAsync(status, cancellationToken);

        // Index rows, newest first, so that listing a caller's ledgers is one partition query (the status is the
        // record; an index row only points at it, so it never goes stale).
        var row = NewestFirst.Key(status.CreatedAt, status.LedgerId);
        await Task.WhenAll(IndexPartitions(status).Select(partition =>
            table.UpsertEntityAsync(new TableEntity(partition, row) { ["LedgerId"] = status.LedgerId, ["Kind"] = status.Kind.ToString() }, TableUpdateMode.Replace, cancellationToken)));

        var message = JsonSerializer.Serialize(new LedgerMessage(status.LedgerId, status.Kind), Json);
        await queue.SendMessageAsync(message, cancellationToken);
    }

    public static IEnumerable<string> IndexPartitions(LedgerStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        yield return IndexPartition(LedgerScope.All);
        yield return IndexPartition(LedgerScope.UploadedBy(status.UploadedBy));
        if (status.Tenant.Length > 0)
        {
            yield return IndexPartition(LedgerScope.ForTenant(status.Tenant));
        }
    }

    private static string IndexPartition(LedgerScope scope) => "index-" + scope.Key;

    public async Task<Page<LedgerStatus>> ListAsync(LedgerScope scope, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {IndexPartition(scope)}");
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
        {
            var statuses = await Task.WhenAll(page.Values.Select(e => GetStatusAsync(e.GetString("LedgerId") ?? string.Empty, cancellationToken)));
            return new Page<LedgerStatus>(statuses.OfType<LedgerStatus>().ToList(), page.ContinuationToken);
        }

        return new Page<LedgerStatus>([], null);
    }

    public async Task<LedgerStatus?> GetStatusAsync(string ledgerId, CancellationToken cancellationToken)
    {
        if (!TableLimits.IsValidKey(ledgerId) || string.IsNullOrEmpty(ledgerId))
        {
            return null;
        }

        var response = await table.GetEntityIfExistsAsync<TableEntity>(ledgerId, StatusRowKey, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        var e = response.Value!;
        var failure = e.GetString("Failure");
        return new LedgerStatus
        {
            LedgerId = ledgerId,
            Kind = Enum.Parse<LedgerKind>(e.GetString("Kind")!),
            State = Enum.Parse<LedgerState>(e.GetString("State")!),
            FileName = e.GetString("FileName"),
            SizeBytes = e.GetInt64("SizeBytes") ?? 0,
            RowsTotal = e.GetInt32("RowsTotal") ?? 0,
            RowsAccepted = e.GetInt32("RowsAccepted") ?? 0,
            RowsRejected = e.GetInt32("RowsRejected") ?? 0,
            Attempts = e.GetInt32("Attempts") ?? 0,
            Failure = failure is null ? null : JsonSerializer.Deserialize<Problem>(failure, Json),
            CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
            UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? default,
            UploadedBy = e.GetString("UploadedBy") ?? string.Empty,
            UploadedByCredential = e.GetString("UploadedByCredential") ?? string.Empty,
            Tenant = e.GetString("Tenant") ?? string.Empty,
            UploaderKind = Access.TableAccessStore.ParseKind(e.GetString("UploaderKind")) ?? Access.OrganisationKind.Bureau,
            CheckedAs = e.GetString("CheckedAs"),
        };
    }

    public async Task SaveStatusAsync(LedgerStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        var entity = new TableEntity(status.LedgerId, StatusRowKey)
        {
            ["Kind"] = status.Kind.ToString(),
            ["State"] = status.State.ToString(),
            ["SizeBytes"] = status.SizeBytes,
            ["RowsTotal"] = status.RowsTotal,
            ["RowsAccepted"] = status.RowsAccepted,
            ["RowsRejected"] = status.RowsRejected,
            ["Attempts"] = status.Attempts,
            ["CreatedAt"] = status.CreatedAt,
            ["UpdatedAt"] = status.UpdatedAt,
            ["UploadedBy"] = status.UploadedBy,
            ["UploadedByCredential"] = status.UploadedByCredential,
            ["Tenant"] = status.Tenant,
            ["UploaderKind"] = Access.OrganisationCodes.KindName(status.UploaderKind),
        };
        if (status.FileName is { } fileName)
        {
            entity["FileName"] = fileName.Length > 200 ? fileName[..200] : fileName;
        }

        if (status.CheckedAs is { } checkedAs)
        {
            entity["CheckedAs"] = checkedAs;
        }

        if (status.Failure is { } failure)
        {
            entity["Failure"] = JsonSerializer.Serialize(failure with { Errors = failure.Errors?.Take(20).ToList() }, Json);
        }

        TableLimits.EnsureWithinLimits(entity);
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<BinaryData?> GetUploadAsync(string ledgerId, CancellationToken cancellationToken)
    {
        try
        {
            var result = await uploads.GetBlobClient(ledgerId).DownloadContentAsync(cancellationToken);
            return result.Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task<bool> CopyUploadAsync(string ledgerId, Stream destination, CancellationToken cancellationToken)
    {
        try
        {
            await uploads.GetBlobClient(ledgerId).DownloadToAsync(destination, new BlobDownloadToOptions { TransferOptions = Transfer }, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    public Task DeleteUploadAsync(string ledgerId, CancellationToken cancellationToken) =>
        uploads.GetBlobClient(ledgerId).DeleteIfExistsAsync(cancellationToken: cancellationToken);

    public async Task SaveReportAsync(string ledgerId, LedgerReport report, CancellationToken cancellationToken)
    {
        var json = BinaryData.FromObjectAsJson(report, Json);
        await reports.GetBlobClient(ledgerId + ".json").UploadAsync(json, overwrite: true, cancellationToken);
    }

    public async Task<LedgerReport> GetReportAsync(string ledgerId, CancellationToken cancellationToken)
    {
        try
        {
            var result = await reports.GetBlobClient(ledgerId + ".json").DownloadContentAsync(cancellationToken);
            return result.Value.Content.ToObjectFromJson<LedgerReport>(Json) ?? LedgerReport.Empty;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return LedgerReport.Empty;
        }
    }
}
