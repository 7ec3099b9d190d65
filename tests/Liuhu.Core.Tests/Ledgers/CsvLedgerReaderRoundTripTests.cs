using System.Text;
using Liuhu.Core.Ledgers;

namespace Liuhu.Core.Tests.Ledgers;

/// <summary>Whatever the fields hold (delimiters, quotes, line ends, CJK, long runs that cross the reader's 64 K
/// buffer), a CSV written by the RFC 4180 rules reads back as the same fields on the same line numbers.</summary>
public class CsvLedgerReaderRoundTripTests
{
    private static readonly string[] Pieces = ["a", "岗位", "运维工程师", " ", "\"", "\"\"", "\r", "\n", "\r\n", "x\"y", "5000-8000", "、", "呼和浩特"];

    [Theory]
    [InlineData(1, ',', "\r\n")]
    [InlineData(2, ',', "\n")]
    [InlineData(3, '\t', "\r\n")]
    [InlineData(4, '\t', "\n")]
    [InlineData(5, ',', "\r")]
    [InlineData(6, ',', "\r\n")]
    [InlineData(7, ',', "\n")]
    [InlineData(8, '\t', "\r")]
    public void ReadRows_RandomFieldsWrittenByTheRules_ReadBackExactly(int seed, char delimiter, string lineEnd)
    {
        var random = new Random(seed);
        var rows = new List<string[]>
        {
            // A header wide enough that the delimiter sample is clear whatever the fields hold.
            Enumerable.Range(0, 12).Select(i => "列" + i).ToArray(),
        };
        for (var r = 0; r < 1_500; r++)
        {
            var width = random.Next(1, 13);
            var row = new string[width];
            row[0] = "行" + r;
            for (var c = 1; c < width; c++)
            {
                row[c] = Field(random, delimiter);
            }

            rows.Add(row);
        }

        var text = new StringBuilder();
        var expectedLines = new List<int>();
        var line = 1;
        foreach (var row in rows)
        {
            expectedLines.Add(line);
            text.Append(string.Join(delimiter, row.Select(f => Quoted(f, delimiter)))).Append(lineEnd);
            // Only a line feed inside a quoted field moves the reader's line count; the record's own end always does.
            line += 1 + row.Sum(f => f.Count(ch => ch == '\n'));
        }

        Assert.True(text.Length > 3 * 64 * 1024, "the file must cross the reader's buffer several times");
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text.ToString()));
        var read = CsvLedgerReader.ReadRows(stream, new LedgerLimits()).ToList();

        Assert.Equal(rows.Count, read.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            Assert.Equal(expectedLines[r], read[r].Number);
            for (var c = 0; c < 12; c++)
            {
                var expected = c < rows[r].Length ? rows[r][c] : string.Empty;
                var actual = c < read[r].Cells.Count ? read[r].Cells[c] : string.Empty;
                Assert.True(expected == actual, $"row {r} column {c}: expected «{expected}», read «{actual}»");
            }
        }
    }

    private static string Field(Random random, char delimiter)
    {
        return random.Next(10) switch
        {
            0 => string.Empty,
            // A run longer than the space left in most buffers, so runs are split across refills.
            1 => new string('长', random.Next(1_000, 9_000)),
            _ => string.Concat(Enumerable.Range(0, random.Next(1, 6)).Select(_ => random.Next(8) == 0 ? delimiter.ToString() : Pieces[random.Next(Pieces.Length)])),
        };
    }

    private static string Quoted(string field, char delimiter) =>
        field.IndexOfAny([delimiter, '"', '\r', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
