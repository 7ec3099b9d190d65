using System.ComponentModel.DataAnnotations;

namespace Liuhu.Core.Ledgers;

/// <summary>Limits on an uploaded ledger, enforced before anything is stored.</summary>
public sealed class LedgerLimits
{
    public const string SectionName = "Ledgers";

    /// <summary>Largest upload accepted, in bytes (default 20 MB).</summary>
    [Range(1, 256L * 1024 * 1024)]
    public long MaxUploadBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>Most data rows in one ledger (default 100,000).</summary>
    [Range(1, 1_000_000)]
    public int MaxRows { get; set; } = 100_000;

    /// <summary>Most bytes an .xlsx may unpack to; guards against zip bombs (default 256 MB).</summary>
    [Range(1, 4L * 1024 * 1024 * 1024)]
    public long MaxUnpackedBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Batch transactions written at once while storing a ledger (default 4).</summary>
    [Range(1, 64)]
    public int WriteParallelism { get; set; } = 4;
}
