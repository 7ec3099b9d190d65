using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Liuhu.Core.Ledgers;
using Liuhu.Core.Problems;
using Liuhu.Core.Tests.Ledgers.Hostile;
using Liuhu.Testing;
using TestData = Liuhu.Testing.TestData;

namespace Liuhu.Core.Tests.Ledgers;

/// <summary>Whatever bytes arrive, a reader either returns a table within the bounds or throws a 4xx
/// <see cref="ProblemException"/>; any other exception or a table past a bound fails the property (and FsCheck
/// prints the seed to replay it). Small limits make small inputs reach every bound.</summary>
public class LedgerReaderPropertyTests
{
    // Enough to run in a few seconds in CI; LIUHU_PROPERTY_CASES raises it for a longer hunt.
    private static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("LIUHU_PROPERTY_CASES"), out var n) ? n : 500;

    private static readonly LedgerLimits Small = new()
    {
        MaxUploadBytes = 64 * 1024,
        MaxRows = 4,
        MaxColumns = 6,
        MaxCellChars = 24,
        MaxCells = 30,
        MaxTextChars = 300,
        MaxSheetRows = 12,
        MaxSheets = 3,
        MaxSharedStrings = 8,
        MaxSharedStringBytes = 1_500,
        MaxUnpackedBytes = 200_000,
    };

    private static readonly Gen<LedgerLimits> Limits = Gen.Elements(Small, new LedgerLimits());

    private static readonly string[] Texts = ["", " ", "a", "企业名称", "岗位名称", "1", "45473", "TRUE", "\"", ",", "\t", "\n", "\r\n", "x\"y", "&amp;", "<", "\u00A0",
        "0123456789012345678901234567890123456789", "长长长长长长长长长长长长长长长长长长长长长长长长长长长"];

    private static readonly string[] XmlNoise = ["<row>", "</row>", "<row r=\"0\">", "<row r=\"-3\"/>", "<row r=\"99999999999999999999\"/>", "<c>", "</c>",
        "<c r=\"ZZZZ9\">", "<c r=\"1A\"/>", "<v>", "</v>", "<t>", "</t>", "<is>", "<rPh><t>x</t></rPh>", "<![CDATA[c]]>", "<!-- c -->", "&lt;", "&bogus;",
        "<x><x><x>", "</sheetData>", "<sheetData>", "<!DOCTYPE x>", "\u0001", "岗位"];

    [Fact]
    public void Read_RandomBytes_ProblemOrTableWithinBounds()
    {
        var prefixes = Gen.Elements(Array.Empty<byte>(), "PK\u0003\u0004"u8.ToArray(), "["u8.ToArray(), "{\"rows\":"u8.ToArray(),
            new byte[] { 0xEF, 0xBB, 0xBF }, new byte[] { 0xFF, 0xFE }, new byte[] { 0xD0, 0xCF, 0x11, 0xE0 });
        var bytes = ArbMap.Default.GeneratorFor<byte[]>();
        var input = prefixes.SelectMany(p => bytes.Select(b => p.Concat(b).ToArray()));

        Check(Gen.Zip(input, Limits));
    }

    [Fact]
    public void Read_MutatedValidFiles_ProblemOrTableWithinBounds()
    {
        byte[][] seeds =
        [
            XlsxBuilder.Build([(1, ["用工台账"]), (3, ["企业名称", "岗位名称", "有效期至"]), (4, ["示范", "运维", 45473])]),
            TestData.Csv("企业名称,岗位名称", "示范,\"运,维\"", "伊利,质检"),
            Encoding.UTF8.GetBytes("""[{"employerName":"示范","headcount":3,"skills":["Python","SQL"]},{"x":{"y":null}}]"""),
            Encoding.GetEncoding(54936).GetBytes("企业名称,岗位名称\r\n伊利乳业,质检员\r\n"),
        ];
        var mutated =
            from seed in Gen.Elements(seeds)
            from flips in Gen.Choose(0, 8).SelectMany(n => Gen.Zip(Gen.Choose(0, 1_000_000), Gen.Choose(0, 255)).ArrayOf(n))
            from cut in Gen.Choose(0, 100)
            select Mutate(seed, flips, cut);

        Check(Gen.Zip(mutated, Limits));
    }

    [Fact]
    public void Read_RandomStructuredFiles_ProblemOrTableWithinBounds()
    {
        var text = Gen.Elements(Texts);
        var cell = Gen.Zip(text, Gen.Choose(0, 3)).Select(t => string.Concat(Enumerable.Repeat(t.Item1, t.Item2)));
        var grid = cell.ArrayOf().ArrayOf();

        var csv =
            from cells in grid
            from delimiter in Gen.Elements(",", "\t")
            from newline in Gen.Elements("\n", "\r\n", "\r")
            select Encoding.UTF8.GetBytes(string.Join(newline, cells.Select(r => string.Join(delimiter, r.Select(Quote)))));

        var key = Gen.Choose(0, 12).Select(k => $"k{k}");
        var value = Gen.OneOf(text.Select(t => System.Text.Json.JsonSerializer.Serialize(t)), Gen.Choose(-5, 99999).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Gen.Elements("null", "true", "[1,\"a\",[2]]", "{\"n\":{}}", "[]", "1e309"));
        var json = Gen.Zip(key, value).ArrayOf().ArrayOf()
            .Select(objects => "[" + string.Join(',', objects.Select(o => "{" + string.Join(',', o.Select(p => $"\"{p.Item1}\":{p.Item2}")) + "}")) + "]")
            .SelectMany(j => Gen.Frequency((4, Gen.Constant(j)), (1, Gen.Choose(0, Math.Max(0, j.Length - 1)).Select(cut => j[..cut]))))
            .Select(Encoding.UTF8.GetBytes);

        var reference = Gen.OneOf(Gen.Constant<string?>(null), Gen.Zip(Gen.Elements("A", "B", "C", "F", "G", "Z", "AA", "XFD", "ZZZZZ"), Gen.Choose(1, 20))
            .Select(t => (string?)$"{t.Item1}{t.Item2}"));
        var xlsxCell =
            from r in reference
            from type in Gen.Elements<string?>(null, "s", "b", "inlineStr", "str", "e")
            from escaped in text.Select(System.Security.SecurityElement.Escape)
            select CellXml(r, type, escaped);
        var row = Gen.Zip(Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(1, 40).Select(n => (int?)n)), xlsxCell.ArrayOf())
            .Select(t => $"<row{(t.Item1 is { } r ? $" r=\"{r}\"" : string.Empty)}>{string.Concat(t.Item2)}</row>");
        var xlsx =
            from rows in row.ArrayOf()
            from strings in text.Select(System.Security.SecurityElement.Escape).ArrayOf()
            from noise in Gen.Frequency((3, Gen.Constant(string.Empty)), (1, Gen.Elements(XmlNoise)))
            from at in Gen.Choose(0, 1000)
            from sheets in Gen.Choose(1, 5)
            from merges in Gen.Choose(0, 30)
            select Workbook(rows, strings, noise, at, sheets, merges);

        Check(Gen.Zip(Gen.OneOf(csv, json, xlsx), Limits));
    }

    private static void Check(Gen<(byte[] Content, LedgerLimits Limits)> inputs) =>
        Prop.ForAll(inputs.ToArbitrary(), input => ReadWithinBounds(input.Content, input.Limits))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(Cases));

    private static void ReadWithinBounds(byte[] content, LedgerLimits limits)
    {
        RawTable table;
        try
        {
            table = LedgerReader.Read(content, limits);
        }
        catch (ProblemException ex)
        {
            Assert.InRange(ex.Problem.Status, 400, 499);
            return;
        }

        BoundsAssert.Within(table, limits);
    }

    private static byte[] Mutate(byte[] seed, (int Position, int Value)[] flips, int cut)
    {
        var bytes = seed.ToArray();
        foreach (var (position, value) in flips)
        {
            bytes[position % bytes.Length] = (byte)value;
        }

        // Now and then cut the tail off, as an interrupted upload would.
        return cut < 20 ? bytes[..(bytes.Length * cut / 20)] : bytes;
    }

    // Some quoted as CSV writers do, some left bare so that stray quotes reach the parser too.
    private static string Quote(string cell) =>
        cell.Contains('"', StringComparison.Ordinal) && cell.Length % 2 == 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;

    private static string CellXml(string? reference, string? type, string text)
    {
        var attributes = (reference is null ? string.Empty : $" r=\"{reference}\"") + (type is null ? string.Empty : $" t=\"{type}\"");
        return type switch
        {
            "inlineStr" => $"<c{attributes}><is><t>{text}</t></is></c>",
            "s" => $"<c{attributes}><v>{text.Length % 12}</v></c>",
            _ => text.Length == 0 ? $"<c{attributes}/>" : $"<c{attributes}><v>{text}</v></c>",
        };
    }

    private static byte[] Workbook(string[] rows, string[] strings, string noise, int at, int sheets, int merges)
    {
        var data = string.Concat(rows);
        data = data.Insert(at % (data.Length + 1), noise);
        return HostileLedgers.Xlsx(
            w => w.Write(data),
            sharedStrings: strings.Length == 0 ? null : w => w.Write(string.Concat(strings.Select(s => $"<si><t>{s}</t></si>"))),
            after: w => w.Write(merges == 0 ? string.Empty : $"<mergeCells>{string.Concat(Enumerable.Range(0, merges).Select(m => $"<mergeCell ref=\"A{m + 1}:B{m + 2}\"/>"))}</mergeCells>"),
            sheets: sheets);
    }
}
