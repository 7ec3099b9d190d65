using Liuhu.Core.Ingestion;

namespace Liuhu.Core.Storage;

public interface ILedgerStore
{
    /// <summary>Keeps the uploaded file, records it as queued and enqueues it, in that order, so that a
    /// message never points at a file that is not there. The file is read from <paramref name="content"/>'s
    /// position and sent in blocks of bounded size, never held whole.</summary>
    Task SubmitAsync(LedgerStatus status, Stream content, CancellationToken cancellationToken);

    /// <summary>The ledgers in a scope, newest first.</summary>
    Task<Page<LedgerStatus>> ListAsync(LedgerScope scope, int pageSize, string? continuationToken, CancellationToken cancellationToken);

    Task<LedgerStatus?> GetStatusAsync(string ledgerId, CancellationToken cancellationToken);

    Task SaveStatusAsync(LedgerStatus status, CancellationToken cancellationToken);

    Task<BinaryData?> GetUploadAsync(string ledgerId, CancellationToken cancellationToken);

    /// <summary>Copies the uploaded file into <paramref name="destination"/> in ranges of bounded size; false when
    /// it is no longer stored.</summary>
    Task<bool> CopyUploadAsync(string ledgerId, Stream destination, CancellationToken cancellationToken);

    Task DeleteUploadAsync(string ledgerId, CancellationToken cancellationToken);

    Task SaveReportAsync(string ledgerId, LedgerReport report, CancellationToken cancellationToken);

    Task<LedgerReport> GetReportAsync(string ledgerId, CancellationToken cancellationToken);
}

/// <summary>Which ledgers a list covers: all (the bureau), those an organisation uploaded, or those holding a tenant's rows.</summary>
public sealed record LedgerScope(string Key)
{
    public static readonly LedgerScope All = new("all");

    public static LedgerScope UploadedBy(string organisationId) => new("org-" + organisationId);

    public static LedgerScope ForTenant(string tenant) => new("tenant-" + tenant);
}
