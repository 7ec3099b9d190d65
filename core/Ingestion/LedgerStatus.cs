using System.Text.Json.Serialization;
using Liuhu.Core.Problems;

namespace Liuhu.Core.Ingestion;

[JsonConverter(typeof(JsonStringEnumConverter<LedgerKind>))]
public enum LedgerKind
{
    Vacancy,
    Graduate,
}

[JsonConverter(typeof(JsonStringEnumConverter<LedgerState>))]
public enum LedgerState
{
    Queued,
    Processing,
    Completed,
    Failed,
}

/// <summary>Where an upload is on its way through the queue, and what came of its rows.</summary>
public sealed record LedgerStatus
{
    public required string LedgerId { get; init; }

    public required LedgerKind Kind { get; init; }

    public LedgerState State { get; init; }

    public string? FileName { get; init; }

    public long SizeBytes { get; init; }

    public int RowsTotal { get; init; }

    public int RowsAccepted { get; init; }

    public int RowsRejected { get; init; }

    public int Attempts { get; init; }

    public Problem? Failure { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The organisation that uploaded the ledger (from its credential, never from the request body).</summary>
    public string UploadedBy { get; init; } = string.Empty;

    /// <summary>The credential it used, so an upload can be traced to one key.</summary>
    public string UploadedByCredential { get; init; } = string.Empty;

    /// <summary>Whose rows the ledger may hold: the employer's credit code or the district's code for a vacancy
    /// ledger (empty when the bureau uploads for any employer), the university's code for a graduate ledger.</summary>
    public string Tenant { get; init; } = string.Empty;

    /// <summary>What the upload checked: the file's bytes under the limits then in force
    /// (<see cref="LedgerFiles.FingerprintAsync"/>); null for a ledger recorded before this was kept.</summary>
    public string? CheckedAs { get; init; }

    /// <summary>The kind of organisation that uploaded it, which decides how rows are checked against <see cref="Tenant"/>.</summary>
    public Access.OrganisationKind UploaderKind { get; init; } = Access.OrganisationKind.Bureau;
}

/// <summary>The row-level findings of a processed ledger; kept as a blob, since a large ledger's errors
/// would not fit in a table entity.</summary>
public sealed record LedgerReport(IReadOnlyList<RowIssue> Errors, IReadOnlyList<RowIssue> Warnings)
{
    public static readonly LedgerReport Empty = new([], []);
}

/// <summary>The queue message: which upload to process. The file itself is in blob storage (queue messages
/// are limited to 64 KiB).</summary>
public sealed record LedgerMessage(string LedgerId, LedgerKind Kind)
{
    /// <summary>The message a queue delivered, or null when it is not one (empty, not JSON, no ledger id).</summary>
    public static LedgerMessage? TryParse(string? text)
    {
        try
        {
            var message = string.IsNullOrWhiteSpace(text) ? null : System.Text.Json.JsonSerializer.Deserialize<LedgerMessage>(text, System.Text.Json.JsonSerializerOptions.Web);
            return string.IsNullOrEmpty(message?.LedgerId) ? null : message;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
