using System.Text;
using Liuhu.Core.Ledgers;
using Liuhu.Core.Problems;
using Liuhu.Core.Tests.Ledgers.Hostile;
using Liuhu.Testing;

namespace Liuhu.Core.Tests.Ledgers;

/// <summary>Each bound with a small limit, in each reader it applies to, so the bound itself is what refuses.</summary>
public class LedgerBoundsTests
{
    [Theory]
    [InlineData("csv")]
    [InlineData("json")]
    [InlineData("xlsx")]
    public void Read_MoreNonEmptyCellsThanMaxCells_TooManyCells(string format)
    {
        var ex = Assert.Throws<ProblemException>(() => LedgerReader.Read(Grid(format, rows: 4, columns: 3), new LedgerLimits { MaxCells = 10 }));
        Assert.Equal("file.too_many_cells", ex.Problem.Code);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("json")]
    [InlineData("xlsx")]
    public void Read_MoreTextThanMaxTextChars_TooMuchText(string format)
    {
        var ex = Assert.Throws<ProblemException>(() => LedgerReader.Read(Grid(format, rows: 4, columns: 3), new LedgerLimits { MaxTextChars = 20 }));
        Assert.Equal("file.too_much_text", ex.Problem.Code);
        Assert.Contains("MaxTextChars = 20", ex.Problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("json")]
    [InlineData("xlsx")]
    public void Read_MoreDataRowsThanMaxRows_RefusedWhileReading(string format)
    {
        var ex = Assert.Throws<ProblemException>(() => LedgerReader.Read(Grid(format, rows: 30, columns: 2), new LedgerLimits { MaxRows = 5 }));
        Assert.Equal("file.too_many_rows", ex.Problem.Code);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("json")]
    [InlineData("xlsx")]
    public void Read_WithinEveryBound_AllCellsRead(string format)
    {
        var table = LedgerReader.Read(Grid(format, rows: 4, columns: 3), new LedgerLimits { MaxCells = 12, MaxTextChars = 200, MaxColumns = 3, MaxRows = 4 });
        Assert.Equal("r4c3", table.Rows[^1].Cell(2));
    }

    [Fact]
    public void Read_CsvEmptyLinesPastMaxSheetRows_TooManySheetRows()
    {
        var ex = Assert.Throws<ProblemException>(() => LedgerReader.Read(TestData.Csv("a,b", "", "", "", "c,d"), new LedgerLimits { MaxSheetRows = 4 }));
        Assert.Equal("file.too_many_sheet_rows", ex.Problem.Code);
    }

    [Fact]
    public void Read_XlsxEmptyRows_CountedNotKept()
    {
        var xlsx = HostileLedgers.Xlsx(w => w.Write("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"/><row r=\"3\"><c r=\"A3\"><v> </v></c></row><row r=\"4\"><c r=\"B4\"><v>2</v></c></row>"));
        var table = LedgerReader.Read(xlsx, new LedgerLimits());
        Assert.Equal([1, 4], table.Rows.Select(r => r.Number));
        Assert.Equal(["", "2"], table.Rows[1].Cells);
    }

    [Fact]
    public void Read_XlsxCellFarRight_RowKeptSparse()
    {
        var xlsx = HostileLedgers.Xlsx(w => w.Write("<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"IV1\"><v>2</v></c></row>"));
        var row = LedgerReader.Read(xlsx, new LedgerLimits()).Rows[0];
        Assert.IsType<SparseCells>(row.Cells);
        Assert.Equal(256, row.Cells.Count);
        Assert.Equal("2", row.Cell(255));
        Assert.Equal(string.Empty, row.Cell(100));
        Assert.Equal(254, row.Cells.Count(string.IsNullOrEmpty));
    }

    [Fact]
    public void Read_XlsxCellPastMaxColumns_TooManyColumnsNamesRowAndColumn()
    {
        var xlsx = HostileLedgers.Xlsx(w => w.Write("<row r=\"7\"><c r=\"A7\"><v>1</v></c><c r=\"E7\"><v>2</v></c></row>"));
        var ex = Assert.Throws<ProblemException>(() => LedgerReader.Read(xlsx, new LedgerLimits { MaxColumns = 4 }));
        Assert.Equal("file.too_many_columns", ex.Problem.Code);
        Assert.Contains("Row 7", ex.Problem.Detail, StringComparison.Ordinal);
        Assert.Contains("column 5", ex.Problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_XlsxCellsOutOfOrder_Corrupt()
    {
        var xlsx = HostileLedgers.Xlsx(w => w.Write("<row r=\"1\"><c r=\"C1\"><v>1</v></c><c r=\"A1\"><v>2</v></c></row>"));
        var ex = Assert.Throws<ProblemException>(() => LedgerReader.Read(xlsx, new LedgerLimits()));
        Assert.Equal("file.corrupt", ex.Problem.Code);
    }

    [Fact]
    public void Read_XlsxPhoneticReading_LeftOutOfCellText()
    {
        var xlsx = HostileLedgers.Xlsx(
            w => w.Write("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"inlineStr\"><is><r><t>内</t></r><r><t>蒙古</t></r><rPh sb=\"0\" eb=\"1\"><t>nei</t></rPh></is></c></row>"),
            sharedStrings: w => w.Write("<si><t>呼和浩特</t><rPh sb=\"0\" eb=\"4\"><t>huhehaote</t></rPh></si>"));
        var table = LedgerReader.Read(xlsx, new LedgerLimits());
        Assert.Equal(["呼和浩特", "内蒙古"], table.Rows[0].Cells);
    }

    [Fact]
    public void Read_XlsxSharedStringsPastCount_TooManySharedStrings()
    {
        var xlsx = HostileLedgers.Xlsx(w => w.Write("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"),
            sharedStrings: w => w.Write(string.Concat(Enumerable.Range(0, 6).Select(i => $"<si><t>{i}</t></si>"))));
        var ex = Assert.Throws<ProblemException>(() => LedgerReader.Read(xlsx, new LedgerLimits { MaxSharedStrings = 5 }));
        Assert.Equal("file.too_many_shared_strings", ex.Problem.Code);
        Assert.Contains("MaxSharedStrings = 5", ex.Problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_XlsxSharedStringsDeclaredPastCount_RefusedBeforeReadingThem()
    {
        var xlsx = HostileLedgers.Xlsx(w => w.Write("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"),
            sharedStrings: w => w.Write("<si><t>0</t></si>"), sharedStringCount: 2_000_000);
        var ex = Assert.Throws<ProblemException>(() => LedgerReader.Read(xlsx, new LedgerLimits()));
        Assert.Equal("file.too_many_shared_strings", ex.Problem.Code);
    }

    [Fact]
    public void Read_JsonArrayCellPastMaxCellChars_RefusedBeforeJoining()
    {
        var json = Encoding.UTF8.GetBytes("[{\"skills\":[" + string.Join(',', Enumerable.Repeat("\"ab\"", 1_000)) + "]}]");
        var ex = Assert.Throws<ProblemException>(() => LedgerReader.Read(json, new LedgerLimits { MaxCellChars = 100 }));
        Assert.Equal("file.cell_too_long", ex.Problem.Code);
    }

    [Fact]
    public void Read_JsonRowsWrapperWithOtherProperties_RowsRead()
    {
        var table = LedgerReader.Read("""{"source":{"a":[1]},"rows":[{"employerName":"示范"}],"count":1}"""u8, new LedgerLimits());
        Assert.Equal("示范", table.Rows[1].Cells[0]);
    }

    [Fact]
    public void ColumnIndex_ReferencePastIntRange_ClampedNotOverflowed()
    {
        Assert.Equal(int.MaxValue, XlsxLedgerReader.ColumnIndex("ZZZZZZZZZZZZZZ1"));
        Assert.Equal(27, XlsxLedgerReader.ColumnIndex("AB12"));
    }

    /// <summary>The same rows x columns grid of "r{row}c{column}" cells in any of the three formats.</summary>
    private static byte[] Grid(string format, int rows, int columns)
    {
        var cells = Enumerable.Range(1, rows).Select(r => Enumerable.Range(1, columns).Select(c => $"r{r}c{c}").ToArray()).ToArray();
        return format switch
        {
            "csv" => TestData.Csv([.. cells.Select(r => string.Join(',', r))]),
            "json" => HostileLedgers.Json(rows, r => string.Join(',', cells[r].Select((v, c) => $"\"k{c}\":\"{v}\""))),
            _ => HostileLedgers.Xlsx(w =>
            {
                for (var r = 0; r < rows; r++)
                {
                    w.Write($"<row r=\"{r + 1}\">{string.Concat(cells[r].Select((v, c) => $"<c r=\"{HostileLedgers.Letters(c)}{r + 1}\" t=\"inlineStr\"><is><t>{v}</t></is></c>"))}</row>");
                }
            }),
        };
    }
}
