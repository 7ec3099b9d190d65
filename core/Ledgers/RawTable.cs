namespace Liuhu.Core.Ledgers;

public enum LedgerFormat
{
    Xlsx,
    Xls,
    Csv,
    Json,
}

/// <summary>One row as read from the file. <see cref="Number"/> is what a person sees: the Excel row
/// number, the CSV line on which the record starts, or the 1-based position in a JSON array.</summary>
public sealed record RawRow(int Number, IReadOnlyList<string> Cells)
{
    public string Cell(int index) => index >= 0 && index < Cells.Count ? Cells[index] : string.Empty;

    public bool IsBlank => Cells.All(string.IsNullOrWhiteSpace);
}

/// <summary>A file's cells before any meaning is given to them.</summary>
public sealed record RawTable(LedgerFormat Format, IReadOnlyList<RawRow> Rows);
