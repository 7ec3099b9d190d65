using Liuhu.Core.Ledgers;

namespace Liuhu.Core.Tests.Ledgers;

/// <summary>What "within the bounds" means for a table a reader returned.</summary>
internal static class BoundsAssert
{
    public static void Within(RawTable table, LedgerLimits limits)
    {
        var cells = 0;
        var dataRows = 0;
        foreach (var row in table.Rows)
        {
            Assert.True(row.Cells.Count <= limits.MaxColumns, $"row {row.Number} has {row.Cells.Count} columns");
            foreach (var cell in row.Cells)
            {
                Assert.NotNull(cell);
                Assert.True(cell.Length <= limits.MaxCellChars, $"row {row.Number} has a cell of {cell.Length} characters");
                cells += cell.Length > 0 ? 1 : 0;
            }

            dataRows += row.IsBlank ? 0 : 1;
        }

        Assert.True(cells <= limits.MaxCells + limits.MaxColumns, $"{cells} cells"); // a JSON header row is not counted as cells
        Assert.True(dataRows <= limits.MaxRows + 21, $"{dataRows} rows");
    }
}
