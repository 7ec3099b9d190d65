using System.IO.Compression;
using System.Text;
using Liuhu.Core.Ledgers;
using Liuhu.Core.Problems;
using Liuhu.Testing;

namespace Liuhu.Core.Tests.Ledgers;

public class LedgerReaderTests
{
    private static readonly LedgerLimits Limits = new();

    static LedgerReaderTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public void Read_Utf8WithBom_Cells()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("企业名称,岗位名称\r\n示范,运维\r\n")).ToArray();
        var table = LedgerReader.Read(bytes, Limits);
        Assert.Equal("企业名称", table.Rows[0].Cells[0]);
        Assert.Equal("运维", table.Rows[1].Cells[1]);
    }

    [Fact]
    public void Read_Gb18030_DecodedLikeUtf8()
    {
        var bytes = Encoding.GetEncoding(54936).GetBytes("企业名称,岗位名称\r\n伊利乳业,质检员\r\n");
        var table = LedgerReader.Read(bytes, Limits);
        Assert.Equal("伊利乳业", table.Rows[1].Cells[0]);
    }

    [Fact]
    public void Read_QuotedFieldsWithCommasAndNewlines_OneCellAndLineNumbers()
    {
        var table = LedgerReader.Read(TestData.Csv("a,b", "\"x, \"\"y\"\"\",\"line1\nline2\"", "c,d"), Limits);
        Assert.Equal("x, \"y\"", table.Rows[1].Cells[0]);
        Assert.Equal("line1\nline2", table.Rows[1].Cells[1]);
        Assert.Equal(4, table.Rows[2].Number); // the record after a two-line field starts on line 4
    }

    [Fact]
    public void Read_UnterminatedQuote_ProblemNamesLine()
    {
        var ex = Assert.Throws<ProblemException>(() => LedgerReader.Read(TestData.Csv("a,b", "c,d", "\"open,e"), Limits));
        Assert.Equal("csv.unterminated_quote", ex.Problem.Code);
        Assert.Equal(3, ex.Problem.Errors![0].Row);
    }

    [Fact]
    public void Read_TruncatedXls_Corrupt400()
    {
        // .xls is read now (XlsLedgerReaderTests); only its signature, with nothing after it, is a damaged file.
        var ex = Assert.Throws<ProblemException>(() => LedgerReader.Read(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0 }, Limits));
        Assert.Equal(400, ex.Problem.Status);
        Assert.Equal("file.corrupt", ex.Problem.Code);
    }

    [Fact]
    public void Read_BinaryFile_NotSpreadsheet()
    {
        var ex = Assert.Throws<ProblemException>(() => LedgerReader.Read(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 13 }, Limits));
        Assert.Equal("file.not_spreadsheet", ex.Problem.Code);
    }

    [Fact]
    public void Read_InvalidInBothEncodings_EncodingProblem()
    {
        var ex = Assert.Throws<ProblemException>(() => LedgerReader.Read(new byte[] { 0x61, 0x2C, 0xFF, 0xFF, 0x0A }, Limits));
        Assert.Equal("file.encoding", ex.Problem.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \r\n ")]
    public void Read_Empty_EmptyProblem(string text)
    {
        var ex = Assert.Throws<ProblemException>(() => LedgerReader.Read(Encoding.UTF8.GetBytes(text), Limits));
        Assert.Equal("file.empty", ex.Problem.Code);
    }

    [Fact]
    public void Read_OverSizeLimit_413()
    {
        var ex = Assert.Throws<ProblemException>(() => LedgerReader.Read(new byte[2048], new LedgerLimits { MaxUploadBytes = 1024 }));
        Assert.Equal(413, ex.Problem.Status);
    }

    [Fact]
    public void Read_OverRowLimit_413TooManyRows()
    {
        var lines = new[] { TestData.Header }.Concat(Enumerable.Range(0, 60).Select(i => TestData.VacancyRow(TestData.NewCreditCode(), "岗位" + i))).ToArray();
        var ex = Assert.Throws<ProblemException>(() => LedgerReader.Read(TestData.Csv(lines), new LedgerLimits { MaxRows = 30 }));
        Assert.Equal("file.too_many_rows", ex.Problem.Code);
    }

    [Fact]
    public void Read_JsonArray_FieldNamesBecomeHeader()
    {
        var table = LedgerReader.Read("""[{"employerName":"示范","headcount":3,"skills":["Python","SQL"]}]"""u8, Limits);
        Assert.Equal(LedgerFormat.Json, table.Format);
        Assert.Equal(["employerName", "headcount", "skills"], table.Rows[0].Cells);
        Assert.Equal("3", table.Rows[1].Cells[1]);
        Assert.Equal("Python、SQL", table.Rows[1].Cells[2]);
    }

    [Fact]
    public void Read_MalformedJson_JsonProblem()
    {
        var ex = Assert.Throws<ProblemException>(() => LedgerReader.Read("[{\"a\":}]"u8, Limits));
        Assert.Equal("json.invalid", ex.Problem.Code);
    }

    [Fact]
    public void Read_ZipThatIsNotAWorkbook_NotSpreadsheet()
    {
        var ex = Assert.Throws<ProblemException>(() => LedgerReader.Read(Zip(("readme.txt", new byte[100])), Limits));
        Assert.Equal("file.not_spreadsheet", ex.Problem.Code);
    }

    [Fact]
    public void Read_ZipBomb_RefusedBeforeUnpacking()
    {
        var ex = Assert.Throws<ProblemException>(() => LedgerReader.Read(Zip(("xl/workbook.xml", new byte[50_000_000])), Limits));
        Assert.Equal("file.unpacked_too_large", ex.Problem.Code);
    }

    [Fact]
    public void Read_Xlsx_ExcelRowNumbersAndDateSerials()
    {
        var xlsx = XlsxBuilder.Build([
            (1, ["用工台账"]),
            (3, ["企业名称", "岗位名称", "有效期至"]),
            (4, ["示范", "运维", 45473]),
        ]);
        var table = LedgerReader.Read(xlsx, Limits);
        Assert.Equal(LedgerFormat.Xlsx, table.Format);
        var last = table.Rows[^1];
        Assert.Equal(4, last.Number);
        Assert.Equal("45473", last.Cells[2]);
    }

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                entry.Write(content);
            }
        }

        return stream.ToArray();
    }
}
