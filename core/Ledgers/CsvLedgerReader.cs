using System.Text;

namespace Liuhu.Core.Ledgers;

/// <summary>RFC 4180 CSV (comma, or tab for Excel's "Unicode text" export) in UTF-8, UTF-16 or GB18030.</summary>
public static class CsvLedgerReader
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

    static CsvLedgerReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static RawTable Read(ReadOnlySpan<byte> content, LedgerLimits limits) =>
        new(LedgerFormat.Csv, Parse(Decode(content), limits));

    public static string Decode(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }))
        {
            return DecodeStrict(StrictUtf8, content[3..]);
        }

        if (content.StartsWith(new byte[] { 0xFF, 0xFE }))
        {
            return DecodeStrict(new UnicodeEncoding(false, false, true), content[2..]);
        }

        if (content.StartsWith(new byte[] { 0xFE, 0xFF }))
        {
            return DecodeStrict(new UnicodeEncoding(true, false, true), content[2..]);
        }

        if (content.IndexOf((byte)0) >= 0)
        {
            throw FileProblems.NotSpreadsheet("the file contains NUL bytes, so it is not text");
        }

        try
        {
            return StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            // Excel on Chinese Windows saves CSV in the ANSI code page, which is GBK (a subset of GB18030).
            var gb18030 = Encoding.GetEncoding(54936, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
            return DecodeStrict(gb18030, content);
        }
    }

    private static string DecodeStrict(Encoding encoding, ReadOnlySpan<byte> content)
    {
        try
        {
            var text = encoding.GetString(content);
            if (text.Contains('\0', StringComparison.Ordinal))
            {
                throw FileProblems.NotSpreadsheet("the file contains NUL characters, so it is not text");
            }

            return text;
        }
        catch (DecoderFallbackException)
        {
            throw FileProblems.Encoding();
        }
    }

    /// <summary>Splits the text into records, holding each to the bounds as it is read: a field stops growing at
    /// MaxCellChars and a record at MaxColumns fields, and empty records are counted but not kept.</summary>
    public static List<RawRow> Parse(string text, LedgerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bounds = new ReaderBounds(limits);
        var maxCellChars = bounds.Limits.MaxCellChars;
        var delimiter = ChooseDelimiter(text);
        var rows = new List<RawRow>();
        var record = new RowCellsBuilder();
        var filled = false;
        var column = 0;
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoteLine = 0;
        var inQuotes = false;
        var fieldStarted = false;

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
                rows.Add(new RawRow(recordLine, record.Build()));
            }

            record.Clear();
            filled = false;
            column = 0;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                if (field.Length > maxCellChars)
                {
                    bounds.CheckColumn(recordLine, column);
                    bounds.CheckCellLength(recordLine, column, field.Length);
                }

                continue;
            }

            if (c == '"' && !fieldStarted)
            {
                inQuotes = true;
                fieldStarted = true;
                quoteLine = line;
            }
            else if (c == delimiter)
            {
                EndField();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                EndField();
                EndRecord();
                line++;
                recordLine = line;
            }
            else
            {
                field.Append(c);
                fieldStarted = true;
                if (field.Length > maxCellChars)
                {
                    bounds.CheckColumn(recordLine, column);
                    bounds.CheckCellLength(recordLine, column, field.Length);
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
        }

        return rows;
    }

    private static char ChooseDelimiter(string text)
    {
        var sample = text.AsSpan(0, Math.Min(text.Length, 8192));
        var tabs = sample.Count('\t');
        var commas = sample.Count(',');
        return tabs > commas ? '\t' : ',';
    }
}
