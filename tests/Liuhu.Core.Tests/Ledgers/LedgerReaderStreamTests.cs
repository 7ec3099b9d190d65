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

    /// <summary>Random JSON ledgers (bare or wrapped arrays, a BOM, escapes, nested cells, keys that differ between
    /// items, whitespace and line breaks anywhere), read through buffers far smaller than an item and at the
    /// default size: the same rows as reading them whole.</summary>
    [Theory]
    [InlineData(16)]
    [InlineData(37)]
    [InlineData(64 * 1024)]
    public void ReadRows_RandomJson_SameRowsAsReadAtAnyBufferSize(int bufferBytes)
    {
        var random = new Random(bufferBytes);
        for (var file = 0; file < 200; file++)
        {
            var content = RandomJson(random);
            var whole = LedgerReader.Read(content, new LedgerLimits());

            var streamed = JsonLedgerReader.ReadRows(new MemoryStream(content), new LedgerLimits(), bufferBytes).ToList();

            Assert.Equal(whole.Rows.Select(r => (r.Number, string.Join("|", r.Cells))), streamed.Select(r => (r.Number, string.Join("|", r.Cells))));
        }
    }

    [Theory]
    [InlineData("late-invalid-bytes")]
    [InlineData("truncated")]
    [InlineData("trailing")]
    [InlineData("item-not-object")]
    [InlineData("not-array")]
    [InlineData("wrapper-without-rows")]
    [InlineData("too-deep")]
    [InlineData("too-many-keys")]
    [InlineData("cell-too-long")]
    [InlineData("syntax-late")]
    public void ReadRows_BadJson_SameProblemAsReadBeforeAnyRow(string kind)
    {
        var good = string.Join(",\n", Enumerable.Range(0, 200).Select(i => $$"""{"title":"岗位{{i}}","employerCreditCode":"91150100MA0000001X"}"""));
        byte[] content = kind switch
        {
            "late-invalid-bytes" => [.. Encoding.UTF8.GetBytes("[" + good + ",{\"title\":\""), 0xFF, .. "\"}]"u8],
            "truncated" => Encoding.UTF8.GetBytes("[" + good + ",{\"title\":\"x"),
            "trailing" => Encoding.UTF8.GetBytes("[" + good + "] []"),
            "item-not-object" => Encoding.UTF8.GetBytes("[" + good + ", 5]"),
            "not-array" => Encoding.UTF8.GetBytes("{\"rows\": {\"title\": [" + good + "]}}"),
            "wrapper-without-rows" => Encoding.UTF8.GetBytes("{\"items\": [" + good + "]}"),
            "too-deep" => Encoding.UTF8.GetBytes("[" + good + ",{\"title\":" + new string('[', 20) + new string(']', 20) + "}]"),
            "too-many-keys" => Encoding.UTF8.GetBytes("[" + good + ",{" + string.Join(",", Enumerable.Range(0, 300).Select(k => $"\"k{k}\":1")) + "}]"),
            "cell-too-long" => Encoding.UTF8.GetBytes("[" + good + ",{\"title\":\"" + new string('长', 40_000) + "\"}]"),
            _ => Encoding.UTF8.GetBytes("[" + good + ",\n{\"title\" \"x\"}]"),
        };

        var whole = Assert.Throws<ProblemException>(() => LedgerReader.Read(content, new LedgerLimits()));
        var rowsBefore = 0;
        var streamed = Assert.Throws<ProblemException>(() =>
        {
            foreach (var row in LedgerReader.Open(new MemoryStream(content), new LedgerLimits()).Rows)
            {
                rowsBefore++;
            }
        });

        Assert.Equal((whole.Problem.Code, whole.Problem.Detail), (streamed.Problem.Code, streamed.Problem.Detail));
        Assert.Equal(0, rowsBefore);
    }

    // Pieces of a JSON string as written: text, escapes (\n, \", \\, \u4e2d, a surrogate pair) and characters
    // that mean something outside a string.
    private static readonly string[] Fragments = ["ab", " ", "岗位", "\\n", "\\\"", "\\\\", "\\u4e2d", "\\ud83d\\ude00", "😀", ",", "{}", "[]", ":"];

    private static byte[] RandomJson(Random random)
    {
        string[] keys = ["title", "employerCreditCode", "district", "salary", "skills", "备注", "na\\u006de", "x"];
        string Value(int depth) => random.Next(depth > 1 ? 5 : 8) switch
        {
            0 => random.Next(-1000, 100000).ToString(System.Globalization.CultureInfo.InvariantCulture),
            1 => "true",
            2 => "null",
            3 => "\"\"",
            4 => "\"" + string.Concat(Enumerable.Range(0, random.Next(0, 12)).Select(_ => Fragments[random.Next(Fragments.Length)])) + "\"",
            5 => "[" + string.Join(", ", Enumerable.Range(0, random.Next(0, 4)).Select(_ => Value(depth + 1))) + "]",
            6 => "{\"a\": " + Value(depth + 1) + ", \"b\" : [1, {\"c\":\"岗\"}]}",
            _ => "\"岗位" + random.Next(1000) + "\"",
        };
        string Space() => random.Next(4) switch { 0 => "", 1 => " ", 2 => "\r\n  ", _ => "\n" };
        var items = Enumerable.Range(0, random.Next(1, 60)).Select(_ => "{" + string.Join(",", keys.Where(_ => random.Next(3) > 0)
            .Select(k => Space() + "\"" + k + "\"" + Space() + ":" + Space() + Value(0))) + Space() + "}");
        var array = "[" + Space() + string.Join("," + Space(), items) + Space() + "]";
        var text = random.Next(3) == 0 ? "{\"meta\": {\"rows\": 1}, \"rows\": " + array + ", \"rows2\": [1]}" : array;
        var bytes = Encoding.UTF8.GetBytes(Space() + text + Space());
        return random.Next(4) == 0 ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes;
    }
}
