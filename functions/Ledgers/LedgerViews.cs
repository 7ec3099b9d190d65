using Liuhu.Core.Ingestion;
using Liuhu.Functions.Http;

namespace Liuhu.Functions.Ledgers;

public static class LedgerViews
{
    /// <summary>A ledger's state and counts; with its report (one ledger) also its warnings and row errors, without
    /// (a list entry) none, since null members are not written.</summary>
    public static object Status(LedgerStatus status, LedgerReport? report, PublicLinks links)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(links);
        var errors = report is null ? null
            : status.Failure is { } failure ? failure.Errors ?? [new Core.Problems.RowIssue(null, null, failure.Code, failure.Title)]
            : report.Errors;
        return new
        {
            status.LedgerId,
            status.Kind,
            status.State,
            status.FileName,
            status.RowsTotal,
            status.RowsAccepted,
            status.RowsRejected,
            status.UploadedBy,
            Tenant = status.Tenant.Length > 0 ? status.Tenant : null,
            status.CreatedAt,
            status.UpdatedAt,
            StatusUrl = links.To($"ledgers/{status.LedgerId}"),
            Failure = status.Failure is { } f ? new { f.Code, f.Title, f.Detail } : null,
            report?.Warnings,
            Errors = errors,
        };
    }
}
