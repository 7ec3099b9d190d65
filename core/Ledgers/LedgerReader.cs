namespace Liuhu.Core.Ledgers;

/// <summary>Reads an uploaded ledger's cells whatever its format, judging the format by its bytes rather
/// than by a file name or content type that a browser or an export tool may have got wrong.</summary>
public static class LedgerReader
{
    public static RawTable Read(ReadOnlySpan<byte> content, LedgerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (content.Length > limits.MaxUploadBytes)
        {
            throw FileProblems.TooLarge(content.Length, limits.MaxUploadBytes);
        }

        var start = SkipWhitespace(content);
        if (start >= content.Length)
        {
            throw FileProblems.Empty();
        }

        var table = Detect(content) switch
        {
            LedgerFormat.Xlsx => XlsxLedgerReader.Read(content.ToArray(), limits),
            LedgerFormat.Xls => XlsLedgerReader.Read(content.ToArray(), limits),
            LedgerFormat.Json => JsonLedgerReader.Read(content, limits),
            _ => CsvLedgerReader.Read(content, limits),
        };

        var dataRows = table.Rows.Count(r => !r.IsBlank);
        if (dataRows == 0)
        {
            throw FileProblems.Empty();
        }

        // The readers refuse a file as soon as it passes this while reading; this is the same rule, kept here
        // so it holds whichever reader made the table. The header row (and a title row or two) is within this
        // count; the limit is on data rows.
        // JSON's header row is made from its keys and has no title rows above it.
        if (dataRows > limits.MaxRows + ReaderBounds.RowsAboveHeader || (table.Format == LedgerFormat.Json && dataRows - 1 > limits.MaxRows))
        {
            throw FileProblems.TooManyRows(dataRows, limits.MaxRows);
        }

        return table;
    }

    // Enough of a file's start to tell its format by: a zip or OLE signature, or JSON's first bracket after a
    // byte order mark and some whitespace.
    private const int SniffBytes = 64 * 1024;

    /// <summary>As <see cref="Read"/>, but lazily from a seekable stream (a temporary file or a downloaded blob),
    /// holding one row at a time for CSV and .xlsx. The same bounds hold, checked as the rows are read.</summary>
    /// <remarks>An .xls file's bytes are held whole (at most <see cref="LedgerLimits.MaxUploadBytes"/>): the compound
    /// container is checked as a whole before ExcelDataReader sees it, and its sectors are reached in any order; its
    /// rows still come one at a time. JSON is read through a buffer (<see cref="JsonLedgerReader.ReadRows"/>).</remarks>
    public static LedgerRows Open(Stream content, LedgerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(limits);
        if (content.Length > limits.MaxUploadBytes)
        {
            throw FileProblems.TooLarge(content.Length, limits.MaxUploadBytes);
        }

        content.Position = 0;
        var head = new byte[(int)Math.Min(SniffBytes, content.Length)];
        content.ReadExactly(head);
        if (SkipWhitespace(head) >= content.Length)
        {
            throw FileProblems.Empty();
        }

        var format = Detect(head);
        var rows = format switch
        {
            LedgerFormat.Xlsx => XlsxLedgerReader.ReadRows(content, limits),
            LedgerFormat.Xls => XlsLedgerReader.ReadRows(Whole(content), limits),
            LedgerFormat.Json => JsonLedgerReader.ReadRows(content, limits),
            _ => CsvLedgerReader.ReadRows(content, limits),
        };
        return new LedgerRows(format, Counted(format, rows, limits));
    }

    /// <summary>The rule <see cref="Read"/> applies to a whole table, applied as the rows go by.</summary>
    private static IEnumerable<RawRow> Counted(LedgerFormat format, IEnumerable<RawRow> rows, LedgerLimits limits)
    {
        var dataRows = 0;
        foreach (var row in rows)
        {
            if (!row.IsBlank && (++dataRows > limits.MaxRows + ReaderBounds.RowsAboveHeader || (format == LedgerFormat.Json && dataRows - 1 > limits.MaxRows)))
            {
                throw FileProblems.TooManyRows(dataRows, limits.MaxRows);
            }

            yield return row;
        }

        if (dataRows == 0)
        {
            throw FileProblems.Empty();
        }
    }

    private static byte[] Whole(Stream content)
    {
        content.Position = 0;
        var bytes = new byte[content.Length];
        content.ReadExactly(bytes);
        return bytes;
    }

    public static LedgerFormat Detect(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith("PK\u0003\u0004"u8))
        {
            return LedgerFormat.Xlsx;
        }

        // An OLE compound file: a legacy .xls (Excel 97-2003, WPS), or an encrypted .xlsx, which the .xls reader refuses.
        if (content.StartsWith(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }))
        {
            return LedgerFormat.Xls;
        }

        var start = SkipWhitespace(content);
        if (content.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }))
        {
            start = 3 + SkipWhitespace(content[3..]);
        }

        return start < content.Length && content[start] is (byte)'[' or (byte)'{' ? LedgerFormat.Json : LedgerFormat.Csv;
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> content)
    {
        var i = 0;
        while (i < content.Length && content[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return i;
    }
}

/// <summary>A ledger file's rows as they are read, and the format they were read as.</summary>
public sealed record LedgerRows(LedgerFormat Format, IEnumerable<RawRow> Rows);
