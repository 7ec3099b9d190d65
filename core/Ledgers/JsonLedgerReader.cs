using System.Text;
using System.Text.Json;

namespace Liuhu.Core.Ledgers;

/// <summary>A JSON array of row objects keyed by the English field names; read into the same cells a
/// spreadsheet gives, with the field names as the header row, so one validator serves every format.</summary>
/// <remarks>Read token by token with <see cref="Utf8JsonReader"/> rather than into a <see cref="JsonDocument"/>,
/// whose index of every token would cost more than the file before any bound could be checked.</remarks>
public static class JsonLedgerReader
{
    private const int MaxDepth = 16;

    public static RawTable Read(ReadOnlySpan<byte> content, LedgerLimits limits)
    {
        var bounds = new ReaderBounds(limits);
        if (content.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }))
        {
            content = content[3..];
        }

        // The reader checks structure, not the bytes inside strings, and would throw on reading such a string.
        if (!System.Text.Unicode.Utf8.IsValid(content))
        {
            throw FileProblems.InvalidJson("the text is not valid UTF-8");
        }

        var reader = new Utf8JsonReader(content, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            var rows = ReadRoot(ref reader, content, bounds);
            if (reader.Read())
            {
                throw FileProblems.InvalidJson("there is more after the top-level value");
            }

            return new RawTable(LedgerFormat.Json, rows);
        }
        catch (JsonException ex)
        {
            throw FileProblems.InvalidJson($"line {ex.LineNumber + 1}: {ex.Message}");
        }
    }

    private static List<RawRow> ReadRoot(ref Utf8JsonReader reader, ReadOnlySpan<byte> content, ReaderBounds bounds)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            return ReadRows(ref reader, content, bounds);
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw FileProblems.InvalidJson("the top level is not an array");
        }

        // Also accepted: {"rows": [...]}, the shape some export tools wrap an array in.
        List<RawRow>? rows = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isRows = rows is null && reader.ValueTextEquals("rows"u8);
            reader.Read();
            if (isRows && reader.TokenType == JsonTokenType.StartArray)
            {
                rows = ReadRows(ref reader, content, bounds);
            }
            else
            {
                reader.Skip();
            }
        }

        return rows ?? throw FileProblems.InvalidJson("the top level is not an array");
    }

    private static List<RawRow> ReadRows(ref Utf8JsonReader reader, ReadOnlySpan<byte> content, ReaderBounds bounds)
    {
        // Each row keeps only the keys it has: objects with different keys must not each grow a cell for
        // every key seen anywhere (issue 9: 171 KB of such objects took 2.29 GB).
        var columns = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<RawRow> { new(0, []) };
        var cells = new SortedDictionary<int, string>();
        var record = new RowCellsBuilder();
        var text = new StringBuilder();
        var keys = index.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> keyBuffer = stackalloc char[256];
        var number = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            number++;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw FileProblems.InvalidJson($"item {number} is not an object");
            }

            bounds.CountSheetRow();
            cells.Clear();
            var filled = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // Keys repeat on every row: look them up without making a string each time.
                var known = !reader.ValueIsEscaped && reader.ValueSpan.Length <= keyBuffer.Length / 2
                    ? keys.TryGetValue(keyBuffer[..Encoding.UTF8.GetChars(reader.ValueSpan, keyBuffer)], out var column)
                    : index.TryGetValue(reader.GetString()!, out column);
                if (!known)
                {
                    var name = reader.GetString()!;
                    if (columns.Count >= bounds.Limits.MaxColumns)
                    {
                        throw FileProblems.TooManyKeys(bounds.Limits.MaxColumns);
                    }

                    column = columns.Count;
                    bounds.CheckCellLength(0, column, name.Length);
                    index.Add(name, column);
                    columns.Add(name);
                }

                reader.Read();
                var value = ScalarText(ref reader, bounds, number, column);
                if (value is null)
                {
                    text.Clear();
                    AppendCell(ref reader, content, text, bounds, number, column);
                    value = text.ToString();
                }

                if (value.Length > 0)
                {
                    bounds.HoldCell();
                    bounds.HoldText(value.Length);
                    cells[column] = value;
                    filled |= !string.IsNullOrWhiteSpace(value);
                }
            }

            if (!filled)
            {
                continue;
            }

            bounds.CountDataRow(0);
            record.Clear();
            foreach (var (column, value) in cells)
            {
                record.Add(column, value);
            }

            rows.Add(new RawRow(number, record.Build()));
        }

        rows[0] = new RawRow(0, columns.ToArray());
        return rows;
    }

    /// <summary>The text of a string, number or literal, made once; null for an array or object.</summary>
    private static string? ScalarText(ref Utf8JsonReader reader, ReaderBounds bounds, int row, int column)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                bounds.CheckCellLength(row, column, reader.ValueSpan.Length / (reader.ValueIsEscaped ? 6 : 3));
                var text = reader.GetString()!;
                bounds.CheckCellLength(row, column, text.Length);
                return text;
            case JsonTokenType.Number:
                // Digits are one byte each, and a number may be any length.
                bounds.CheckCellLength(row, column, reader.ValueSpan.Length);
                return Encoding.UTF8.GetString(reader.ValueSpan);
            case JsonTokenType.True:
                return "true";
            case JsonTokenType.False:
                return "false";
            case JsonTokenType.StartArray or JsonTokenType.StartObject:
                return null;
            default:
                return string.Empty;
        }
    }

    /// <summary>Appends a value's cell text: strings as they are, numbers as written, arrays joined with "、",
    /// objects as their JSON; checked against MaxCellChars as it grows, so a huge array is refused, not joined.</summary>
    private static void AppendCell(ref Utf8JsonReader reader, ReadOnlySpan<byte> content, StringBuilder text, ReaderBounds bounds, int row, int column)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                // An escape (\uXXXX) is at most six bytes for one character, other text at most three: refuse a
                // string that long from its byte count, before decoding it.
                bounds.CheckCellLength(row, column, text.Length + (reader.ValueSpan.Length / (reader.ValueIsEscaped ? 6 : 3)));
                text.Append(reader.GetString());
                break;
            case JsonTokenType.Number:
                bounds.CheckCellLength(row, column, text.Length + reader.ValueSpan.Length);
                text.Append(Encoding.UTF8.GetString(reader.ValueSpan));
                break;
            case JsonTokenType.True:
                text.Append("true");
                break;
            case JsonTokenType.False:
                text.Append("false");
                break;
            case JsonTokenType.StartArray:
                var first = true;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (!first)
                    {
                        text.Append('、');
                    }

                    first = false;
                    AppendCell(ref reader, content, text, bounds, row, column);
                }

                break;
            case JsonTokenType.StartObject:
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                var raw = content[start..(int)reader.BytesConsumed];

                // A UTF-16 character takes at most three UTF-8 bytes, so past this it is too long undecoded.
                bounds.CheckCellLength(row, column, text.Length + (raw.Length / 3));
                text.Append(Encoding.UTF8.GetString(raw));
                break;
            default:
                break;
        }

        bounds.CheckCellLength(row, column, text.Length);
    }
}
