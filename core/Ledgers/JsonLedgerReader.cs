using System.Text;
using System.Text.Json;
using Liuhu.Core.Problems;

namespace Liuhu.Core.Ledgers;

/// <summary>A JSON array of row objects keyed by the English field names; read into the same cells a
/// spreadsheet gives, with the field names as the header row, so one validator serves every format.</summary>
/// <remarks>Read token by token with <see cref="Utf8JsonReader"/> rather than into a <see cref="JsonDocument"/>,
/// whose index of every token would cost more than the file before any bound could be checked.</remarks>
public static class JsonLedgerReader
{
    private const int MaxDepth = 16;
    private static readonly JsonReaderOptions Options = new() { MaxDepth = MaxDepth };

    /// <summary>The whole table: the header row of every key, then the rows (<see cref="ReadRows"/> over a copy).</summary>
    public static RawTable Read(ReadOnlySpan<byte> content, LedgerLimits limits) =>
        new(LedgerFormat.Json, ReadRows(new MemoryStream(content.ToArray(), writable: false), limits).ToList());

    /// <summary>Row by row from a seekable stream, holding one item's bytes and one row at a time. The header (every
    /// key, in the order first met) must come before the rows, so the file is read three times: its UTF-8 checked,
    /// then every item read for its keys and every bound with no row kept, then the rows given one by one; a bad
    /// file is refused before any row.</summary>
    public static IEnumerable<RawRow> ReadRows(Stream content, LedgerLimits limits, int bufferBytes = 64 * 1024)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(limits);
        CheckUtf8(content, bufferBytes);
        var keys = new RowParser(new ReaderBounds(limits));
        foreach (var _ in Items(content, keys, bufferBytes))
        {
        }

        yield return new RawRow(0, keys.Columns.ToArray());
        foreach (var row in Items(content, new RowParser(new ReaderBounds(limits)), bufferBytes))
        {
            yield return row;
        }
    }

    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    private static ProblemException Invalid(JsonException ex) => FileProblems.InvalidJson($"line {ex.LineNumber + 1}: {ex.Message}");

    private static void CheckUtf8(Stream content, int bufferBytes)
    {
        content.Position = 0;
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        var bytes = new byte[bufferBytes];
        var chars = new char[bufferBytes + 4];
        try
        {
            int read;
            while ((read = content.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false)) > 0)
            {
                decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
            }

            decoder.GetChars(bytes, 0, 0, chars, 0, flush: true);
        }
        catch (DecoderFallbackException)
        {
            throw FileProblems.InvalidJson("the text is not valid UTF-8");
        }
    }

    /// <summary>The rows of the file's one array (top level, or under "rows" in a top-level object), each item
    /// read from its own bytes once the streaming reader has found where it ends.</summary>
    private static IEnumerable<RawRow> Items(Stream content, RowParser parser, int bufferBytes)
    {
        var json = new JsonChunks(content, bufferBytes);
        var root = json.Step(skipObjects: false, skipArrays: false);
        var inWrapper = root.Type == JsonTokenType.StartObject;
        if (!inWrapper && root.Type != JsonTokenType.StartArray)
        {
            throw FileProblems.InvalidJson("the top level is not an array");
        }

        var found = false;
        while (true)
        {
            if (inWrapper)
            {
                // Also accepted: {"rows": [...]}, the shape some export tools wrap an array in.
                var property = json.Step(skipObjects: false, skipArrays: false);
                if (property.Type != JsonTokenType.PropertyName)
                {
                    break;
                }

                var isRows = !found && property.IsRows;
                var value = json.Step(skipObjects: true, skipArrays: !isRows);
                if (!isRows || value.Type != JsonTokenType.StartArray)
                {
                    continue;
                }
            }

            found = true;
            var number = 0;
            JsonChunks.Token item;
            while ((item = json.Step(skipObjects: true, skipArrays: true)).Type is not (JsonTokenType.EndArray or JsonTokenType.None))
            {
                number++;
                if (item.Type != JsonTokenType.StartObject)
                {
                    throw FileProblems.InvalidJson($"item {number} is not an object");
                }

                if (parser.Item(json.Bytes(item), number) is { } row)
                {
                    yield return row;
                }
            }

            if (!inWrapper)
            {
                break;
            }
        }

        if (!found)
        {
            throw FileProblems.InvalidJson("the top level is not an array");
        }

        if (json.Step(skipObjects: false, skipArrays: false).Type != JsonTokenType.None)
        {
            throw FileProblems.InvalidJson("there is more after the top-level value");
        }
    }

    /// <summary>Makes rows of objects: one column per key, in the order keys are first met.</summary>
    private sealed class RowParser(ReaderBounds bounds)
    {
        // Each row keeps only the keys it has: objects with different keys must not each grow a cell for
        // every key seen anywhere (issue 9: 171 KB of such objects took 2.29 GB).
        private readonly Dictionary<string, int> index = new(StringComparer.Ordinal);
        private readonly SortedDictionary<int, string> cells = [];
        private readonly RowCellsBuilder record = new();
        private readonly StringBuilder text = new();
        private readonly char[] keyBuffer = new char[256];

        public List<string> Columns { get; } = [];

        /// <summary>One item given as its own bytes (an object).</summary>
        public RawRow? Item(ReadOnlySpan<byte> item, int number)
        {
            var reader = new Utf8JsonReader(item, Options);
            try
            {
                reader.Read();
                return Object(ref reader, item, number);
            }
            catch (JsonException ex)
            {
                throw Invalid(ex);
            }
        }

        /// <summary>The object the reader is at, as a row; null when it holds no text.</summary>
        private RawRow? Object(ref Utf8JsonReader reader, ReadOnlySpan<byte> content, int number)
        {
            bounds.CountSheetRow();
            cells.Clear();
            var keys = index.GetAlternateLookup<ReadOnlySpan<char>>();
            var filled = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // Keys repeat on every row: look them up without making a string each time.
                var known = !reader.ValueIsEscaped && reader.ValueSpan.Length <= keyBuffer.Length / 2
                    ? keys.TryGetValue(keyBuffer.AsSpan(0, Encoding.UTF8.GetChars(reader.ValueSpan, keyBuffer)), out var column)
                    : index.TryGetValue(reader.GetString()!, out column);
                if (!known)
                {
                    var name = reader.GetString()!;
                    if (Columns.Count >= bounds.Limits.MaxColumns)
                    {
                        throw FileProblems.TooManyKeys(bounds.Limits.MaxColumns);
                    }

                    column = Columns.Count;
                    bounds.CheckCellLength(0, column, name.Length);
                    index.Add(name, column);
                    Columns.Add(name);
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
                return null;
            }

            bounds.CountDataRow(0);
            record.Clear();
            foreach (var (column, value) in cells)
            {
                record.Add(column, value);
            }

            return new RawRow(number, record.Build());
        }
    }

    /// <summary>A JSON text read from a stream a buffer at a time: each step reads one token (and, when asked, the
    /// whole object or array it opens) and is retried with more bytes when the buffer ends inside it, so a step's
    /// bytes are whole in the buffer until the next step. The buffer grows only for an item larger than itself,
    /// and an item is at most the file (<see cref="LedgerLimits.MaxUploadBytes"/>).</summary>
    private sealed class JsonChunks
    {
        private readonly Stream stream;
        private byte[] buffer;
        private int start;
        private int end;
        private bool final;
        private JsonReaderState state = new(Options);

        public JsonChunks(Stream stream, int bufferBytes)
        {
            this.stream = stream;
            buffer = new byte[bufferBytes];
            stream.Position = 0;
            Fill();
            if (buffer.AsSpan(0, end).StartsWith(Bom))
            {
                start = 3;
            }
        }

        public readonly record struct Token(JsonTokenType Type, int Offset, int Length, bool IsRows);

        public ReadOnlySpan<byte> Bytes(Token token) => buffer.AsSpan(token.Offset, token.Length);

        /// <summary>The next token (<see cref="JsonTokenType.None"/> at the end of the text), with the whole value
        /// it opens when that is an object and <paramref name="skipObjects"/>, or an array and <paramref name="skipArrays"/>.</summary>
        public Token Step(bool skipObjects, bool skipArrays)
        {
            while (true)
            {
                var reader = new Utf8JsonReader(buffer.AsSpan(start, end - start), final, state);
                try
                {
                    if (reader.Read())
                    {
                        var type = reader.TokenType;
                        var tokenStart = (int)reader.TokenStartIndex;
                        var isRows = type == JsonTokenType.PropertyName && reader.ValueTextEquals("rows"u8);
                        if ((type == JsonTokenType.StartObject && skipObjects) || (type == JsonTokenType.StartArray && skipArrays))
                        {
                            if (!reader.TrySkip())
                            {
                                More();
                                continue;
                            }
                        }

                        var token = new Token(type, start + tokenStart, (int)reader.BytesConsumed - tokenStart, isRows);
                        state = reader.CurrentState;
                        start += (int)reader.BytesConsumed;
                        return token;
                    }
                }
                catch (JsonException ex)
                {
                    throw Invalid(ex);
                }

                if (final)
                {
                    return default;
                }

                More();
            }
        }

        /// <summary>Keeps the unread bytes, moved to the front (or into a larger buffer when they fill it), and reads more.</summary>
        private void More()
        {
            if (final)
            {
                throw FileProblems.InvalidJson("the text ends inside a value");
            }

            var unread = end - start;
            if (start == 0 && end == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            else
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, unread);
            }

            start = 0;
            end = unread;
            Fill();
        }

        private void Fill()
        {
            var read = stream.ReadAtLeast(buffer.AsSpan(end), buffer.Length - end, throwOnEndOfStream: false);
            end += read;
            final = end < buffer.Length;
        }
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
