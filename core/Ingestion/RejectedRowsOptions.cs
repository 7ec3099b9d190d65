using System.ComponentModel.DataAnnotations;

namespace Liuhu.Core.Ingestion;

/// <summary>How long a processed ledger's rejected rows are kept for its error workbook.</summary>
public sealed class RejectedRowsOptions
{
    public const string SectionName = "RejectedRows";

    /// <summary>Days after a ledger completes that its error workbook can still be downloaded (default 30). Past
    /// this the rows are deleted by the daily purge, and refused on read even before it runs.</summary>
    [Range(1, 365)]
    public int RetentionDays { get; set; } = 30;
}
