using System.Collections;

namespace Liuhu.Core.Ledgers;

/// <summary>The running counts one read of one file is held to. Every reader calls these as it goes, before it
/// keeps anything, so a file is refused at the first cell past a bound rather than after being expanded.</summary>
internal sealed class ReaderBounds(LedgerLimits limits)
{
    // Title rows and notes above the header are not data, so files with a header row get this much slack.
    public const int RowsAboveHeader = 20;

    private int sheetRows;
    private int dataRows;
    private int cells;
    private long textChars;

    public LedgerLimits Limits { get; } = limits ?? throw new ArgumentNullException(nameof(limits));

    /// <summary>Counts any row or line, empty or not; empty ones are counted here and then dropped.</summary>
    public void CountSheetRow()
    {
        if (++sheetRows > Limits.MaxSheetRows)
        {
            throw FileProblems.TooManySheetRows(Limits.MaxSheetRows);
        }
    }

    /// <summary>Checks a row number a file states (an .xlsx row's r attribute) without walking up to it.</summary>
    public void CheckSheetRowNumber(long number)
    {
        if (number > Limits.MaxSheetRows)
        {
            throw FileProblems.TooManySheetRows(Limits.MaxSheetRows);
        }
    }

    public void CountDataRow(int slack)
    {
        if (++dataRows > Limits.MaxRows + slack)
        {
            throw FileProblems.TooManyRows(dataRows, Limits.MaxRows);
        }
    }

    /// <summary>Checks a zero-based column before any cell is made for it.</summary>
    public void CheckColumn(int row, long column)
    {
        if (column >= Limits.MaxColumns)
        {
            throw FileProblems.TooManyColumns(row, column, Limits.MaxColumns);
        }
    }

    public void CheckCellLength(int row, int column, long length)
    {
        if (length > Limits.MaxCellChars)
        {
            throw FileProblems.CellTooLong(row, column, Limits.MaxCellChars);
        }
    }

    /// <summary>Counts a non-empty cell that is about to be kept.</summary>
    public void HoldCell()
    {
        if (++cells > Limits.MaxCells)
        {
            throw FileProblems.TooManyCells(Limits.MaxCells);
        }
    }

    /// <summary>Counts text that is about to be kept as a new string (not a reference to one already held).</summary>
    public void HoldText(long chars)
    {
        textChars += chars;
        if (textChars > Limits.MaxTextChars)
        {
            throw FileProblems.TooMuchText(Limits.MaxTextChars);
        }
    }
}

/// <summary>Builds a row's cells from the non-empty ones, dense when most columns are filled and sparse when
/// they are not, so a row with one cell in column 200 costs one cell, not 200.</summary>
internal sealed class RowCellsBuilder
{
    private readonly List<int> columns = [];
    private readonly List<string> values = [];

    public int Count => columns.Count;

    public void Clear()
    {
        columns.Clear();
        values.Clear();
    }

    /// <summary>Adds a non-empty cell; columns must come in ascending order.</summary>
    public void Add(int column, string value)
    {
        columns.Add(column);
        values.Add(value);
    }

    public IReadOnlyList<string> Build()
    {
        if (columns.Count == 0)
        {
            return [];
        }

        var width = columns[^1] + 1;
        if (width <= (2 * columns.Count) + 8)
        {
            var dense = new string[width];
            Array.Fill(dense, string.Empty);
            for (var i = 0; i < columns.Count; i++)
            {
                dense[columns[i]] = values[i];
            }

            return dense;
        }

        return new SparseCells([.. columns], [.. values], width);
    }
}

/// <summary>A row whose filled columns are few: reads as a list of <c>width</c> cells, most of them empty.</summary>
internal sealed class SparseCells(int[] columns, string[] values, int width) : IReadOnlyList<string>
{
    public int Count => width;

    public string this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, width);
            var found = Array.BinarySearch(columns, index);
            return found >= 0 ? values[found] : string.Empty;
        }
    }

    public IEnumerator<string> GetEnumerator()
    {
        var next = 0;
        for (var i = 0; i < width; i++)
        {
            if (next < columns.Length && columns[next] == i)
            {
                yield return values[next++];
            }
            else
            {
                yield return string.Empty;
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
