using System.ComponentModel.DataAnnotations;

namespace Liuhu.Core.Ledgers;

/// <summary>Limits on an uploaded ledger, enforced before anything is stored.</summary>
/// <remarks>
/// The structural bounds (columns, cells, text, sheet rows, sheets, shared strings) are checked by the
/// readers while they read, so a hostile file is refused at the first cell past a bound instead of after it
/// has been expanded in memory. Empty rows and empty cells are counted but never stored, and rows are kept
/// sparse, so memory follows the cells that hold text, not the cell references a file claims.
/// With these defaults a 20 MB file of any shape is read or refused within a budget of 400 MB peak working
/// set (about 300 MB of managed memory at most, most of it the cells of a full, valid 100,000-row ledger);
/// docs/ledger-bounds.md shows the arithmetic and the measurements. Raising <see cref="MaxUploadBytes"/> without raising
/// <see cref="MaxCells"/> and <see cref="MaxTextChars"/> only moves where large files are refused.
/// </remarks>
public sealed class LedgerLimits
{
    public const string SectionName = "Ledgers";

    /// <summary>Largest upload accepted, in bytes (default 20 MB).</summary>
    [Range(1, 256L * 1024 * 1024)]
    public long MaxUploadBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>Most data rows in one ledger (default 100,000).</summary>
    [Range(1, 1_000_000)]
    public int MaxRows { get; set; } = 100_000;

    /// <summary>Most bytes an .xlsx may unpack to, by its declared sizes and as counted while reading;
    /// guards against zip bombs (default 256 MB).</summary>
    [Range(1, 4L * 1024 * 1024 * 1024)]
    public long MaxUnpackedBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Most columns: no cell may sit past this column, no CSV record may have more fields, no JSON
    /// array may use more distinct keys (default 256, Excel 2003's width; ledgers use about 20).</summary>
    [Range(1, 16_384)]
    public int MaxColumns { get; set; } = 256;

    /// <summary>Most characters in one cell (default 32,767, Excel's own limit for a cell).</summary>
    [Range(1, 1_000_000)]
    public int MaxCellChars { get; set; } = 32_767;

    /// <summary>Most non-empty cells held for one file (default 3,000,000: 100,000 rows of 30 columns).</summary>
    [Range(1, 50_000_000)]
    public int MaxCells { get; set; } = 3_000_000;

    /// <summary>Most characters of cell text held for one file; a shared string counts once however many
    /// cells use it (default 32 million, 64 MB as .NET strings: more than a 20 MB CSV can hold).</summary>
    [Range(1, 1_000_000_000)]
    public long MaxTextChars { get; set; } = 32L * 1024 * 1024;

    /// <summary>Most rows in a sheet or lines in a CSV file, empty ones included (default 1,048,576,
    /// Excel's own limit). Empty rows are counted, never stored.</summary>
    [Range(1, 100_000_000)]
    public int MaxSheetRows { get; set; } = 1_048_576;

    /// <summary>Most sheets in a workbook (default 256).</summary>
    [Range(1, 100_000)]
    public int MaxSheets { get; set; } = 256;

    /// <summary>Most entries in an .xlsx shared string table (default 1,000,000).</summary>
    [Range(1, 50_000_000)]
    public int MaxSharedStrings { get; set; } = 1_000_000;

    /// <summary>Most bytes of an .xlsx shared string table once unpacked (default 64 MB).</summary>
    [Range(1, 4L * 1024 * 1024 * 1024)]
    public long MaxSharedStringBytes { get; set; } = 64L * 1024 * 1024;

    public const int DefaultMaxHeadcount = 10_000;

    /// <summary>Most people one vacancy row may recruit (招聘人数, default 10,000); above it the row is refused
    /// with a message asking the clerk to check for an extra 0 or to split the post into rows.</summary>
    [Range(1, 1_000_000)]
    public int MaxHeadcount { get; set; } = DefaultMaxHeadcount;

    /// <summary>How long a ledger may stay queued or processing, from its upload (default 60 minutes). Past
    /// it the ledger is reported as failed and is not processed any more. Derived from host.json: the host
    /// tries a message maxDequeueCount (5) times, each for at most functionTimeout (10 min) plus
    /// visibilityTimeout (10 s) before the next, 50 min 50 s in all; raise this with either setting.</summary>
    [Range(1, 7 * 24 * 60)]
    public int MaxProcessingMinutes { get; set; } = 60;

    /// <summary>Batch transactions written at once while storing a ledger (default 4).</summary>
    [Range(1, 64)]
    public int WriteParallelism { get; set; } = 4;
}
