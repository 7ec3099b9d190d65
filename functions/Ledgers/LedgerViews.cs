using Liuhu.Core.Ingestion;

namespace Liuhu.Functions.Ledgers;

public static class LedgerViews
{
    /// <summary>A list entry: state and counts, no rows.</summary>
    public static object Summary(LedgerStatus status, Http.PublicLinks links)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(links);
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
        };
    }

    public static object Status(LedgerStatus status, LedgerReport report)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(report);
        var errors = status.Failure is { } failure
            ? failure.Errors ?? [new Core.Problems.RowIssue(null, null, failure.Code, failure.Title)]
            : report.Errors;
        return new
        {
            status.LedgerId,
            Kind = status.Kind,
            status.State,
            status.FileName,
            status.RowsTotal,
            status.RowsAccepted,
            status.RowsRejected,
            status.UploadedBy,
            Tenant = status.Tenant.Length > 0 ? status.Tenant : null,
            status.CreatedAt,
            status.UpdatedAt,
            Failure = status.Failure is { } f ? new { f.Code, f.Title, f.Detail } : null,
            Warnings = report.Warnings,
            Errors = errors,
        };
    }
}
