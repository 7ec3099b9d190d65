using Liuhu.Core.Ingestion;

namespace Liuhu.Core.Storage;

public interface ILedgerStore
{
    /// <summary>Keeps the uploaded file, records it as queued and enqueues it, in that order, so that a
    /// message never points at a file that is not there.</summary>
    Task SubmitAsync(LedgerStatus status, BinaryData content, CancellationToken cancellationToken);

    Task<LedgerStatus?> GetStatusAsync(string ledgerId, CancellationToken cancellationToken);

    Task SaveStatusAsync(LedgerStatus status, CancellationToken cancellationToken);

    Task<BinaryData?> GetUploadAsync(string ledgerId, CancellationToken cancellationToken);

    Task DeleteUploadAsync(string ledgerId, CancellationToken cancellationToken);

    Task SaveReportAsync(string ledgerId, LedgerReport report, CancellationToken cancellationToken);

    Task<LedgerReport> GetReportAsync(string ledgerId, CancellationToken cancellationToken);
}
