using System.Buffers;
using System.Text;

namespace Liuhu.Core.Ledgers;

/// <summary>RFC 4180 CSV (comma, or tab for Excel's "Unicode text" export) in UTF-8, UTF-16 or GB18030.</summary>
/// <remarks>Read from a seekable stream in two passes with bounded buffers: the first settles the encoding (a file
/// without a byte order mark is UTF-8 only if all of it is, so this cannot be decided from its start) and refuses
/// undecodable text or NUL bytes before any row is read, as a whole-file decode would; the second yields records
/// one at a time, so memory follows one record, not the file.</remarks>
public static class CsvLedgerReader
{
    private const int BufferBytes = 64 * 1024;
    private const int DelimiterSampleChars = 8192;
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
    private static readonly SearchValues<char> CommaSpecials = SearchValues.Create(",\"\r\n");
    private static readonly SearchValues<char> TabSpecials = SearchValues.Create("\t\"\r\n");
    private static readonly SearchValues<char> QuotedSpecials = SearchValues.Create("\"\n");

    static CsvLedgerReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static RawTable Read(ReadOnlySpan<byte> content, LedgerLimits limits)
    {
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        return new(LedgerFormat.Csv, ReadRows(stream, limits).ToList());
    }

    /// <summary>The records of a CSV file, read lazily from <paramref name="content"/> (seekable; read from its start,
    /// and left open). Every bound is checked on the field or record that would break it.</summary>
    public static IEnumerable<RawRow> ReadRows(Stream content, LedgerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(limits);
        var (encoding, start) = DetectEncoding(content);
        return new TranslatedRows(Parse(content, start, encoding, limits),
            ex => ex is DecoderFallbackException ? FileProblems.Encoding() : null);
    }

    /// <summary>The encoding of the text and where it starts (after a byte order mark), checked over the whole
    /// stream: undecodable bytes or NUL characters are refused here, before any record is read.</summary>
    private static (Encoding Encoding, long Start) DetectEncoding(Stream content)
    {
        content.Position = 0;
        Span<byte> bom = stackalloc byte[3];
        var bomLength = content.ReadAtLeast(bom, 3, throwOnEndOfStream: false);
        bom = bom[..bomLength];
        if (bom.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }))
        {
            return (CheckDecodes(content, 3, StrictUtf8) ? StrictUtf8 : throw FileProblems.Encoding(), 3);
        }

        if (bom.StartsWith(new byte[] { 0xFF, 0xFE }))
        {
            var utf16 = new UnicodeEncoding(false, false, true);
            return (CheckDecodes(content, 2, utf16) ? utf16 : throw FileProblems.Encoding(), 2);
        }

        if (bom.StartsWith(new byte[] { 0xFE, 0xFF }))
        {
            var utf16 = new UnicodeEncoding(true, false, true);
            return (CheckDecodes(content, 2, utf16) ? utf16 : throw FileProblems.Encoding(), 2);
        }

        if (ContainsNulByte(content))
        {
            throw FileProblems.NotSpreadsheet("the file contains NUL bytes, so it is not text");
        }

        if (CheckDecodes(content, 0, StrictUtf8))
        {
            return (StrictUtf8, 0);
        }

        // Excel on Chinese Windows saves CSV in the ANSI code page, which is GBK (a subset of GB18030).
        var gb18030 = Encoding.GetEncoding(54936, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        return (CheckDecodes(content, 0, gb18030) ? gb18030 : throw FileProblems.Encoding(), 0);
    }

    private static bool ContainsNulByte(Stream content)
    {
        content.Position = 0;
        var buffer = new byte[BufferBytes];
        int read;
        while ((read = content.Read(buffer)) > 0)
        {
            if (buffer.AsSpan(0, read).Contains((byte)0))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the bytes from <paramref name="start"/> decode strictly; NUL characters are refused.</summary>
    private static bool CheckDecodes(Stream content, long start, Encoding encoding)
    {
        content.Position = start;
        var decoder = encoding.GetDecoder();
        var bytes = new byte[BufferBytes];
        var chars = new char[encoding.GetMaxCharCount(BufferBytes)];
        try
        {
            int read;
            do
            {
                read = content.Read(bytes);
                var count = decoder.GetChars(bytes, 0, read, chars, 0, flush: read == 0);
                if (chars.AsSpan(0, count).Contains('\0'))
                {
                    throw FileProblems.NotSpreadsheet("the file contains NUL characters, so it is not text");
                }
            }
            while (read > 0);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>Splits the text into records, holding each to the bounds as it is read: a field stops growing at
    /// MaxCellChars and a record at MaxColumns fields, and empty records are counted but not kept.</summary>
    private static IEnumerable<RawRow> Parse(Stream content, long start, Encoding encoding, LedgerLimits limits)
    {
        content.Position = start;
        using var text = new CharSource(new StreamReader(content, encoding, detectEncodingFromByteOrderMarks: false, BufferBytes, leaveOpen: true));
        var bounds = new ReaderBounds(limits);
        var maxCellChars = bounds.Limits.MaxCellChars;
        var delimiter = text.ChooseDelimiter();
        var record = new RowCellsBuilder();
        var filled = false;
        var column = 0;
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoteLine = 0;
        var inQuotes = false;
        var fieldStarted = false;
        RawRow? ready = null;

        void EndField()
        {
            bounds.CheckColumn(recordLine, column);
            if (field.Length > 0)
            {
                var value = field.ToString();
                bounds.HoldCell();
                bounds.HoldText(value.Length);
                record.Add(column, value);
                filled |= !string.IsNullOrWhiteSpace(value);
                field.Clear();
            }

            column++;
            fieldStarted = false;
        }

        void EndRecord()
        {
            bounds.CountSheetRow();
            if (filled)
            {
                bounds.CountDataRow(ReaderBounds.RowsAboveHeader);
                ready = new RawRow(recordLine, record.Build());
            }

            record.Clear();
            filled = false;
            column = 0;
        }

        void CheckFieldLength()
        {
            if (field.Length > maxCellChars)
            {
                bounds.CheckColumn(recordLine, column);
                bounds.CheckCellLength(recordLine, column, field.Length);
            }
        }

        // Runs of ordinary characters are found with one vectorised search and appended whole; only the characters
        // that change the state (delimiter, quote, line ends) are handled one at a time. The cell bounds are checked
        // after each run, which is at most one buffer (64 K characters) past the limit.
        var special = delimiter == '\t' ? TabSpecials : CommaSpecials;
        while (true)
        {
            var span = text.Available();
            if (span.IsEmpty)
            {
                break;
            }

            if (inQuotes)
            {
                var end = span.IndexOfAny(QuotedSpecials);
                if (end < 0)
                {
                    field.Append(span);
                    text.Advance(span.Length);
                    CheckFieldLength();
                    continue;
                }

                field.Append(span[..end]);
                var q = span[end];
                text.Advance(end + 1);
                if (q == '\n')
                {
                    line++;
                    field.Append('\n');
                }
                else if (text.Peek() == '"')
                {
                    field.Append('"');
                    text.Read();
                }
                else
                {
                    inQuotes = false;
                }

                CheckFieldLength();
                continue;
            }

            var stop = span.IndexOfAny(special);
            if (stop != 0)
            {
                var run = stop < 0 ? span : span[..stop];
                field.Append(run);
                fieldStarted = true;
                text.Advance(run.Length);
                CheckFieldLength();
                continue;
            }

            var c = span[0];
            text.Advance(1);
            if (c == '"')
            {
                if (fieldStarted)
                {
                    // A quote inside an unquoted field is an ordinary character.
                    field.Append('"');
                    CheckFieldLength();
                }
                else
                {
                    inQuotes = true;
                    fieldStarted = true;
                    quoteLine = line;
                }
            }
            else if (c == delimiter)
            {
                EndField();
            }
            else
            {
                if (c == '\r' && text.Peek() == '\n')
                {
                    text.Read();
                }

                EndField();
                EndRecord();
                line++;
                recordLine = line;
                if (ready is not null)
                {
                    yield return ready;
                    ready = null;
                }
            }
        }

        if (inQuotes)
        {
            throw FileProblems.BrokenQuoting(quoteLine);
        }

        if (field.Length > 0 || column > 0)
        {
            EndField();
            EndRecord();
            if (ready is not null)
            {
                yield return ready;
            }
        }
    }

    /// <summary>Characters from a reader through one reused buffer, with one character of lookahead.</summary>
    private sealed class CharSource(TextReader reader) : IDisposable
    {
        private readonly char[] buffer = new char[BufferBytes];
        private int position;
        private int length;

        /// <summary>Tab when the file's start has more tabs than commas (Excel's "Unicode text"), else comma.</summary>
        public char ChooseDelimiter()
        {
            while (length < DelimiterSampleChars)
            {
                var read = reader.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            var sample = buffer.AsSpan(0, Math.Min(length, DelimiterSampleChars));
            return sample.Count('\t') > sample.Count(',') ? '\t' : ',';
        }

        public int Read() => position < length || Fill() ? buffer[position++] : -1;

        /// <summary>The characters read but not yet taken, refilled when none are left; empty at the end.</summary>
        public ReadOnlySpan<char> Available() => position < length || Fill() ? buffer.AsSpan(position, length - position) : [];

        public void Advance(int count) => position += count;

        public int Peek() => position < length || Fill() ? buffer[position] : -1;

        private bool Fill()
        {
            position = 0;
            length = reader.Read(buffer, 0, buffer.Length);
            return length > 0;
        }

        public void Dispose() => reader.Dispose();
    }
}
