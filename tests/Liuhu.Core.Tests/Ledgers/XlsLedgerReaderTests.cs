using System.Buffers.Binary;
using Liuhu.Core.Graduates;
using Liuhu.Core.Ledgers;
using Liuhu.Core.Problems;
using Liuhu.Testing;

namespace Liuhu.Core.Tests.Ledgers;

/// <summary>Legacy .xls files, written by <see cref="XlsBuilder"/> as BIFF8 records in an OLE compound file.</summary>
public class XlsLedgerReaderTests
{
    private static readonly LedgerLimits Limits = new();

    private static readonly (int, object?[])[] Ledger =
    [
        (1, ["2024年用工需求台账"]),
        (3, TestData.Header.Split(',')),
        (4, TestData.VacancyRow(TestData.NewCreditCode(), "运维工程师").Split(',')),
        (6, ["示范企业", TestData.NewCreditCode(), "新能源", "质检员", null, 12, "大专", null, null, null, 4500, "托克托县", null, null, 13847100001, null]),
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_Biff8_CellsWithExcelRowNumbers(bool sharedStrings)
    {
        var table = LedgerReader.Read(XlsBuilder.Build(Ledger, sharedStrings), Limits);

        Assert.Equal(LedgerFormat.Xls, table.Format);
        Assert.Equal([1, 3, 4, 6], table.Rows.Select(r => r.Number));
        Assert.Equal("企业名称", table.Rows[1].Cells[0]);
        Assert.Equal("运维工程师", table.Rows[2].Cells[3]);
        Assert.Equal("12", table.Rows[3].Cells[5]);
        Assert.Equal("13847100001", table.Rows[3].Cells[14]);
    }

    [Fact]
    public void Read_Biff8Ledger_EveryRowValid()
    {
        var sheet = LedgerSheet.Locate(LedgerReader.Read(XlsBuilder.Build(Ledger), Limits), LedgerSchemas.Vacancy);

        var outcomes = sheet.Rows.Select(row => VacancyRowValidator.Validate(sheet, row, "ledger", DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(2, outcomes.Count);
        Assert.All(outcomes, o => Assert.Empty(o.Errors));
        Assert.Equal(12, outcomes[1].Value!.Headcount);
        Assert.Equal("F6", sheet.Issue(sheet.Rows[1], "headcount", "x", "x").Cell);
    }

    [Fact]
    public void Read_GraduateXls_Validates()
    {
        var xls = XlsBuilder.Build([
            (1, ["学号", "姓名", "学历", "专业", "毕业院校", "同意匹配", "同意向企业推荐"]),
            (2, ["2024001", "张三", "本科", "软件工程", "内蒙古大学", "是", "否"]),
        ]);
        var sheet = LedgerSheet.Locate(LedgerReader.Read(xls, Limits), LedgerSchemas.Graduate);
        var outcome = GraduateRowValidator.Validate(sheet, sheet.Rows[0], "ledger", DateTimeOffset.UnixEpoch);
        Assert.Empty(outcome.Errors);
        Assert.Equal("软件工程", outcome.Value!.Major);
    }

    [Fact]
    public void Read_WrongPassword_Encrypted400()
    {
        var ex = Assert.Throws<ProblemException>(() => LedgerReader.Read(XlsBuilder.Build(Ledger, filePass: XlsBuilder.Rc4FilePass()), Limits));
        Assert.Equal((400, "file.encrypted"), (ex.Problem.Status, ex.Problem.Code));
    }

    [Fact]
    public void Read_PasswordProtectedXlsx_Encrypted400()
    {
        // Excel saves an .xlsx with an opening password as a compound file holding EncryptionInfo and EncryptedPackage.
        var ex = Assert.Throws<ProblemException>(() => LedgerReader.Read(XlsBuilder.Compound("EncryptionInfo", new byte[100]), Limits));
        Assert.Equal("file.encrypted", ex.Problem.Code);
    }

    [Fact]
    public void Read_CompoundFileWithoutWorkbook_NotSpreadsheet415()
    {
        var ex = Assert.Throws<ProblemException>(() => LedgerReader.Read(XlsBuilder.Compound("WordDocument", new byte[100]), Limits));
        Assert.Equal((415, "file.not_spreadsheet"), (ex.Problem.Status, ex.Problem.Code));
    }

    [Fact]
    public void Read_StreamClaimsFourGigabytes_RefusedAsBomb()
    {
        var xls = XlsBuilder.Compound("Workbook", new byte[5000], declaredSize: uint.MaxValue - 1);
        var ex = Assert.Throws<ProblemException>(() => LedgerReader.Read(xls, Limits));
        Assert.Equal((413, "file.unpacked_too_large"), (ex.Problem.Status, ex.Problem.Code));
    }

    [Fact]
    public void Read_HeaderClaimsMillionsOfFatSectors_RefusedAsBomb()
    {
        var xls = XlsBuilder.Build(Ledger);
        BinaryPrimitives.WriteUInt32LittleEndian(xls.AsSpan(0x2C), 50_000_000);
        var ex = Assert.Throws<ProblemException>(() => LedgerReader.Read(xls, Limits));
        Assert.Equal("file.unpacked_too_large", ex.Problem.Code);
    }

    [Fact]
    public void Read_SectorChainLoops_Corrupt()
    {
        var xls = XlsBuilder.Build(Ledger);
        BinaryPrimitives.WriteUInt32LittleEndian(xls.AsSpan(512 + (4 * 3)), 2); // sector 3 leads back to sector 2
        var ex = Assert.Throws<ProblemException>(() => LedgerReader.Read(xls, Limits));
        Assert.Equal((400, "file.corrupt"), (ex.Problem.Status, ex.Problem.Code));
    }

    [Fact]
    public void Read_Truncated_Corrupt()
    {
        var xls = XlsBuilder.Build(Ledger);
        var ex = Assert.Throws<ProblemException>(() => LedgerReader.Read(xls.AsSpan(0, 1600), Limits));
        Assert.Equal("file.corrupt", ex.Problem.Code);
    }

    [Fact]
    public void Read_GarbledRecords_RefusedCleanly()
    {
        var xls = XlsBuilder.Build(Ledger);
        xls.AsSpan((3 * 512) + 20, 400).Fill(0xEE);
        var ex = Assert.Throws<ProblemException>(() => LedgerReader.Read(xls, Limits));

        // Depending on which records the garbage hit, the sheet is unreadable or cannot be found at all.
        Assert.Contains(ex.Problem.Code, new[] { "file.corrupt", "file.not_spreadsheet" });
    }

    [Fact]
    public void Read_SharedStringTableOverLimit_413()
    {
        var ex = Assert.Throws<ProblemException>(() => LedgerReader.Read(XlsBuilder.Build(Ledger, sharedStrings: true), new LedgerLimits { MaxSharedStrings = 5 }));
        Assert.Equal("file.too_many_shared_strings", ex.Problem.Code);
    }

    [Theory]
    [InlineData("file.cell_too_long")]
    [InlineData("file.too_many_columns")]
    [InlineData("file.too_many_cells")]
    [InlineData("file.too_much_text")]
    [InlineData("file.too_many_sheet_rows")]
    [InlineData("file.too_many_rows")]
    public void Read_PastABound_RefusedWhileReading(string code)
    {
        var limits = code switch
        {
            "file.cell_too_long" => new LedgerLimits { MaxCellChars = 5 },
            "file.too_many_columns" => new LedgerLimits { MaxColumns = 10 },
            "file.too_many_cells" => new LedgerLimits { MaxCells = 20 },
            "file.too_much_text" => new LedgerLimits { MaxTextChars = 50 },
            "file.too_many_sheet_rows" => new LedgerLimits { MaxSheetRows = 3 },
            _ => new LedgerLimits { MaxRows = 1 },
        };
        var rows = Ledger.Concat(Enumerable.Range(7, 30).Select(n => (n, (object?[])TestData.VacancyRow(TestData.NewCreditCode(), "岗位" + n).Split(',')))).ToArray();

        var ex = Assert.Throws<ProblemException>(() => LedgerReader.Read(XlsBuilder.Build(rows), limits));
        Assert.Equal(code, ex.Problem.Code);
    }

    [Fact]
    public void Read_OnlySheetHidden_NotSpreadsheet()
    {
        var ex = Assert.Throws<ProblemException>(() => LedgerReader.Read(XlsBuilder.Build(Ledger, hidden: true), Limits));
        Assert.Equal("file.not_spreadsheet", ex.Problem.Code);
    }
}
