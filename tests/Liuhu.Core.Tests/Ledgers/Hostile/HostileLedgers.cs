using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Liuhu.Core.Tests.Ledgers.Hostile;

/// <summary>One hostile file: how to make it, and the problem code it must be refused with (null when it
/// must be read, within the bounds).</summary>
public sealed record HostileCase(string Name, string? ExpectedCode, Func<byte[]> Make)
{
    public override string ToString() => Name;
}

/// <summary>The hostile corpus: made in code rather than checked in, so each file says what makes it hostile
/// (the largest are tens of megabytes unpacked). Shared by the tests and by `bench -- hostile`.</summary>
public static class HostileLedgers
{
    public const int UploadLimit = 20 * 1024 * 1024;

    private const string SheetNamespaces = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

    public static IReadOnlyList<HostileCase> All { get; } =
    [
        // Issue 9: each object its own keys; every row grew a cell for every key ever seen.
        new("json-different-keys-per-object", "file.too_many_columns", () => Json(5_000, i => $"\"k{i}\":\"v\"")),
        new("json-100000-distinct-keys", "file.too_many_columns", () => Json(1, _ => string.Join(',', Enumerable.Range(0, 100_000).Select(k => $"\"key{k}\":{k}")))),
        new("json-3-million-empty-objects", "file.too_many_sheet_rows", () => Encoding.UTF8.GetBytes("[" + string.Join(',', Enumerable.Repeat("{}", 3_000_000)) + "]")),
        new("json-20mb-number", "file.cell_too_long", () => Encoding.UTF8.GetBytes("[{\"a\":" + new string('7', UploadLimit - 16) + "}]")),
        new("json-one-key-20mb-value", "file.cell_too_long", () => Encoding.UTF8.GetBytes("[{\"a\":\"" + new string('x', UploadLimit - 16) + "\"}]")),

        // Issue 9: 12 rows each with a cell at column ZZZZZ (about 12 million columns in).
        new("xlsx-far-column-references", "file.too_many_columns", () => Xlsx(w =>
        {
            for (var r = 1; r <= 12; r++)
            {
                w.Write($"<row r=\"{r}\"><c r=\"A{r}\" t=\"inlineStr\"><is><t>企业名称</t></is></c><c r=\"ZZZZZ{r}\"><v>1</v></c></row>");
            }
        })),
        new("xlsx-reference-past-int-range", "file.too_many_columns", () => Xlsx(w => w.Write("<row r=\"1\"><c r=\"ZZZZZZZZZZZZZZZ1\"><v>1</v></c></row>"))),
        new("xlsx-16384-columns", "file.too_many_columns", () => Xlsx(w =>
        {
            w.Write("<row r=\"1\">");
            for (var c = 0; c < 16_384; c++)
            {
                w.Write($"<c r=\"{Letters(c)}1\"><v>{c}</v></c>");
            }

            w.Write("</row>");
        })),
        new("xlsx-million-unreferenced-empty-cells-in-a-row", "file.too_many_columns", () => Xlsx(w =>
        {
            w.Write("<row r=\"1\">");
            for (var c = 0; c < 1_000_000; c++)
            {
                w.Write(c % 7 == 0 ? "<c s=\"1\"/>" : "<c/>");
            }

            w.Write("</row>");
        })),

        // Formatting applied down a whole column leaves a million empty rows: read, cheaply, not refused.
        new("xlsx-million-empty-rows", null, () => Xlsx(w =>
        {
            w.Write("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>企业名称</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>岗位名称</t></is></c></row>");
            w.Write("<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>示范</t></is></c><c r=\"B2\" t=\"inlineStr\"><is><t>运维</t></is></c></row>");
            for (var r = 3; r < 1_000_003; r++)
            {
                w.Write($"<row r=\"{r}\" s=\"{r % 3}\" customFormat=\"1\"/>");
            }
        })),
        new("xlsx-rows-past-excel-limit", "file.too_many_sheet_rows", () => Xlsx(w =>
        {
            for (var r = 1; r <= 1_100_000; r++)
            {
                w.Write($"<row spans=\"{r % 9}\"/>");
            }
        })),
        new("xlsx-row-number-two-billion", "file.too_many_sheet_rows", () => Xlsx(w => w.Write("<row r=\"2000000000\"><c r=\"A2000000000\"><v>1</v></c></row>"))),

        // A merged-cell storm sits after the data; the reader stops at the end of the data and never reads it.
        new("xlsx-merged-cell-storm", null, () => Xlsx(
            w => w.Write("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>企业名称</t></is></c></row><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>示范</t></is></c></row>"),
            after: w =>
            {
                w.Write("<mergeCells count=\"400000\">");
                for (var m = 0; m < 400_000; m++)
                {
                    w.Write($"<mergeCell ref=\"{Letters(m % 200)}{(m / 200) + 3}:{Letters((m % 200) + 1)}{(m / 200) + 4}\"/>");
                }

                w.Write("</mergeCells>");
            })),
        new("xlsx-10000-sheets", "file.too_many_sheets", () => Xlsx(w => w.Write("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"), sheets: 10_000)),
        new("xlsx-10000-sheets-listed-one-part", "file.too_many_sheets", () => Xlsx(w => w.Write("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"), listedSheets: 10_000)),

        // Issue 9: an 8.7 MB workbook with 99 MB of shared strings took 9.7 s to refuse.
        new("xlsx-99mb-shared-strings", "file.too_many_shared_strings", () => Xlsx(
            w => w.Write("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"),
            sharedStrings: w => SharedStrings(w, 99L * 1024 * 1024))),
        new("xlsx-1100000-shared-strings", "file.too_many_shared_strings", () => Xlsx(
            w => w.Write("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"),
            sharedStrings: w =>
            {
                for (var i = 0; i < 1_100_000; i++)
                {
                    w.Write($"<si><t>{i}</t></si>");
                }
            })),
        new("xlsx-2mb-xml-token", "file.xml_token_too_large", () => Xlsx(w => w.Write($"<row r=\"1\"><c r=\"A1\"><v>{Digits(2 * 1024 * 1024)}</v></c></row>"))),
        new("xlsx-40000-char-inline-cell", "file.cell_too_long", () => Xlsx(w => w.Write($"<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>{Digits(40_000)}</t></is></c></row>"))),
        new("xlsx-nested-100000-deep", "file.corrupt", () => Xlsx(w =>
        {
            w.Write("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>");
            w.Write(string.Concat(Enumerable.Repeat("<x>", 100_000)));
            w.Write(string.Concat(Enumerable.Repeat("</x>", 100_000)));
        })),

        // The most a file may hold: read, and the largest memory any file within the bounds can take.
        new("xlsx-2.9-million-number-cells", null, () => Xlsx(w =>
        {
            for (var r = 1; r <= 100_000; r++)
            {
                w.Write($"<row r=\"{r}\">");
                for (var c = 0; c < 29; c++)
                {
                    w.Write($"<c r=\"{Letters(c)}{r}\"><v>{(r + c) % 100}</v></c>");
                }

                w.Write("</row>");
            }
        }, sheetCompression: CompressionLevel.Optimal)),
        new("json-2.9-million-cells", null, () => Json(100_000, i => string.Join(',', Enumerable.Range(0, 29).Select(k => $"\"{Letters(k)}\":{(i + k) % 10}")))),

        new("csv-20mb-single-line", "file.too_many_columns", () => Encoding.ASCII.GetBytes(string.Join(',', Enumerable.Repeat("ab", (UploadLimit / 3) - 1)))),
        new("csv-20mb-single-field", "file.cell_too_long", () => Encoding.ASCII.GetBytes(new string('a', UploadLimit - 2))),
        new("csv-20mb-of-newlines", "file.too_many_sheet_rows", () => Encoding.ASCII.GetBytes("a,b" + new string('\n', UploadLimit - 4))),
        new("csv-3100000-one-char-cells", "file.too_many_cells", () => Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(string.Join(',', Enumerable.Repeat("1", 31)) + "\n", 100_000)))),

        // Long cells are allowed up to Excel's own 32,767 characters: read, not refused.
        new("csv-10000-char-cell-per-field", null, () => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 100).Select(r =>
            string.Join(',', Enumerable.Range(0, 16).Select(c => new string((char)('a' + ((r + c) % 26)), 10_000))) + "\r\n")))),
    ];

    /// <summary>Files that only cost time: too slow to make for every test run, so only the benchmark reads them.</summary>
    public static IReadOnlyList<HostileCase> SlowOnly { get; } =
    [
        // Nothing stored and no bound but MaxUnpackedBytes reached: the longest scan a file can ask for.
        new("xlsx-250mb-of-empty-styled-cells", "file.empty", () => Xlsx(w =>
        {
            var random = new Random(250);
            for (var r = 1; r <= 120_000; r++)
            {
                w.Write($"<row r=\"{r}\">");
                for (var c = 0; c < 200; c++)
                {
                    w.Write(random.Next(8) == 0 ? "<c s=\"2\"/>" : "<c s=\"1\"/>");
                }

                w.Write("</row>");
            }
        }, sheetCompression: CompressionLevel.Optimal)),
    ];

    /// <summary>A JSON array of <paramref name="objects"/> objects, the body of each from <paramref name="body"/>.</summary>
    public static byte[] Json(int objects, Func<int, string> body) =>
        Encoding.UTF8.GetBytes("[" + string.Join(',', Enumerable.Range(0, objects).Select(i => "{" + body(i) + "}")) + "]");

    /// <summary>A minimal .xlsx written XML by XML, so a test can put into it what no spreadsheet library would.</summary>
    public static byte[] Xlsx(Action<TextWriter> sheetData, Action<TextWriter>? sharedStrings = null, Action<TextWriter>? after = null,
        int sheets = 1, int listedSheets = 0, int? sharedStringCount = null, CompressionLevel sheetCompression = CompressionLevel.Fastest)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            Entry(zip, "[Content_Types].xml", w => w.Write(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>"));
            Entry(zip, "_rels/.rels", w => w.Write(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"));
            var listed = Math.Max(sheets, listedSheets);
            Entry(zip, "xl/workbook.xml", w =>
            {
                w.Write($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook {SheetNamespaces}><sheets>");
                for (var s = 1; s <= listed; s++)
                {
                    w.Write($"<sheet name=\"S{s}\" sheetId=\"{s}\" r:id=\"rId{Math.Min(s, sheets)}\"/>");
                }

                w.Write("</sheets></workbook>");
            });
            Entry(zip, "xl/_rels/workbook.xml.rels", w =>
            {
                w.Write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
                for (var s = 1; s <= sheets; s++)
                {
                    w.Write($"<Relationship Id=\"rId{s}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{s}.xml\"/>");
                }

                if (sharedStrings is not null)
                {
                    w.Write("<Relationship Id=\"rIdS\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>");
                }

                w.Write("</Relationships>");
            });
            for (var s = 1; s <= sheets; s++)
            {
                Entry(zip, $"xl/worksheets/sheet{s}.xml", w =>
                {
                    w.Write($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet {SheetNamespaces}><sheetData>");
                    if (s == 1)
                    {
                        sheetData(w);
                    }

                    w.Write("</sheetData>");
                    after?.Invoke(w);
                    w.Write("</worksheet>");
                }, sheetCompression);
            }

            if (sharedStrings is not null)
            {
                Entry(zip, "xl/sharedStrings.xml", w =>
                {
                    w.Write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
                        + (sharedStringCount is { } count ? $" uniqueCount=\"{count}\">" : ">"));
                    sharedStrings(w);
                    w.Write("</sst>");
                }, CompressionLevel.Optimal); // compressed as Excel does, so 99 MB of text fits in an upload
            }
        }

        return stream.ToArray();
    }

    /// <summary>About <paramref name="bytes"/> of shared strings varied enough to compress by about ten, as real
    /// text does, so the zip-bomb ratio check does not catch them first.</summary>
    public static void SharedStrings(TextWriter writer, long bytes)
    {
        ArgumentNullException.ThrowIfNull(writer);
        string[] phrases = ["负责", "设备", "运维", "巡检", "数据", "分析", "客户", "服务", "质量", "检测", "生产", "管理", "销售", "财务", "软件", "开发",
            "电气", "工程", "自动化", "新能源", "乳业", "物流", "仓储", "培训", "安全", "环保", "采购", "行政", "人事", "技术", "支持", "维修"];
        var random = new Random(9);
        var sentences = Enumerable.Range(0, 200).Select(_ => string.Concat(Enumerable.Range(0, 10).Select(_ => phrases[random.Next(phrases.Length)]))).ToArray();
        var written = 0L;
        var text = new StringBuilder();
        for (var i = 0; written < bytes; i++)
        {
            text.Clear();
            text.Append(CultureInfo.InvariantCulture, $"<si><t>{i}");
            text.Append(sentences[random.Next(sentences.Length)]);

            text.Append("</t></si>");
            writer.Write(text);
            written += Encoding.UTF8.GetByteCount(text.ToString());
        }
    }

    public static string Letters(int column)
    {
        var letters = string.Empty;
        for (var n = column + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return letters;
    }

    private static string Digits(int count)
    {
        var random = new Random(count);
        return string.Create(count, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('0' + r.Next(10));
            }
        });
    }

    private static void Entry(ZipArchive zip, string name, Action<TextWriter> write, CompressionLevel level = CompressionLevel.Fastest)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name, level).Open(), new UTF8Encoding(false), 1 << 16);
        write(writer);
    }
}
