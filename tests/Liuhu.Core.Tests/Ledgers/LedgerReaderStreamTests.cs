using System.Text;
using Liuhu.Core.Ledgers;
using Liuhu.Core.Problems;
using Liuhu.Testing;

namespace Liuhu.Core.Tests.Ledgers;

/// <summary>Reading a file from a stream, row by row, gives what reading it whole gives, problems included.</summary>
public class LedgerReaderStreamTests
{
    static LedgerReaderStreamTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly string[] Lines =
    [
        "台账", TestData.Header, "", TestData.VacancyRow("91150100MA0000001X", "运维,\"工程师\""), "  ,  ,",
        TestData.VacancyRow("91150100MA0000001X", "多行\r\n岗位"),
    ];

    public static TheoryData<string> Files => ["utf8", "utf8-bom", "gb18030", "utf16-tabs", "xlsx", "json"];

    private static byte[] File(string kind)
    {
        var csv = string.Join("\r\n", Lines.Select(l => l.Contains("多行", StringComparison.Ordinal) ? l.Replace("多行\r\n岗位", "\"多行\r\n岗位\"", StringComparison.Ordinal) : l));
        return kind switch
        {
            "utf8" => Encoding.UTF8.GetBytes(csv),
            "utf8-bom" => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(csv)],
            "gb18030" => Encoding.GetEncoding(54936).GetBytes(csv),
            "utf16-tabs" => [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(csv.Replace(',', '\t'))],
            "xlsx" => XlsxBuilder.Build(Lines.Select((l, i) => (i + 1, l.Split(',').Cast<object?>().ToArray()))),
            _ => Encoding.UTF8.GetBytes("""[{"title":"运维","employerCreditCode":"91150100MA0000001X"},{},{"title":"二","district":"赛罕区"}]"""),
        };
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Open_AnyFormat_SameRowsAsRead(string kind)
    {
        var content = File(kind);
        var whole = LedgerReader.Read(content, new LedgerLimits());

        using var stream = new MemoryStream(content);
        var streamed = LedgerReader.Open(stream, new LedgerLimits());

        Assert.Equal(whole.Format, streamed.Format);
        Assert.Equal(whole.Rows.Select(r => (r.Number, string.Join("|", r.Cells))), streamed.Rows.Select(r => (r.Number, string.Join("|", r.Cells))));
    }

    [Theory]
    [InlineData("invalid-bytes", "file.encoding")]
    [InlineData("nul", "file.not_spreadsheet")]
    [InlineData("too-many-columns", "file.too_many_columns")]
    [InlineData("open-quote", "csv.unterminated_quote")]
    public void Open_BadCsv_SameProblemAsRead(string kind, string code)
    {
        byte[] content = kind switch
        {
            "invalid-bytes" => [0xEF, 0xBB, 0xBF, .. "a,b\r\n"u8, 0xFF, 0xFE, 0xFD, .. "\r\n"u8],
            "nul" => [.. "a,b\r\n"u8, 0, .. "c\r\n"u8],
            "too-many-columns" => Encoding.UTF8.GetBytes("a,b\r\n" + string.Concat(Enumerable.Repeat("x,", 300)) + "\r\n"),
            _ => "a,b\r\n\"c,d\r\n"u8.ToArray(),
        };

        var whole = Assert.Throws<ProblemException>(() => LedgerReader.Read(content, new LedgerLimits()));
        var streamed = Assert.Throws<ProblemException>(() => LedgerReader.Open(new MemoryStream(content), new LedgerLimits()).Rows.ToList());

        Assert.Equal(code, whole.Problem.Code);
        Assert.Equal((whole.Problem.Code, whole.Problem.Detail), (streamed.Problem.Code, streamed.Problem.Detail));
    }

    [Fact]
    public void Open_RowsPastMaxRows_RefusedAtTheFirstRowPastTheBound()
    {
        var lines = new[] { TestData.Header }.Concat(Enumerable.Range(0, 60).Select(i => TestData.VacancyRow("91150100MA0000001X", "岗位" + i)));
        var rows = LedgerReader.Open(new MemoryStream(TestData.Csv([.. lines])), new LedgerLimits { MaxRows = 50 });
        var sheet = LedgerSheet.Open(rows.Format, rows.Rows, LedgerSchemas.Vacancy, 50);
        var read = 0;

        var ex = Assert.Throws<ProblemException>(() =>
        {
            foreach (var _ in sheet.Rows())
            {
                read++;
            }
        });

        Assert.Equal((413, "file.too_many_rows", 50), (ex.Problem.Status, ex.Problem.Code, read));
    }
}
