using System.Globalization;
using System.Text;
using ExcelDataReader;
using ExcelDataReader.Exceptions;

namespace Liuhu.Core.Ledgers;

/// <summary>Reads the first visible worksheet of a legacy .xls workbook (BIFF5/BIFF8: Excel 97-2003, WPS and the
/// older government templates), keeping Excel's own row numbers.</summary>
/// <remarks>The container is checked first by <see cref="CompoundFileGuard"/>, so ExcelDataReader never sees a
/// stream size, sector chain or string table larger than the file can hold. Rows then come one at a time and
/// every bound is checked on the cell that would break it, as the .xlsx reader does. BIFF8 itself stops at
/// 65,536 rows and 256 columns.</remarks>
public static class XlsLedgerReader
{
    private const int BiffMaxColumns = 256;

    // BIFF files name their code page (GBK for Chinese WPS files); .NET has only UTF and Latin-1 built in.
    static XlsLedgerReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static RawTable Read(byte[] content, LedgerLimits limits) => new(LedgerFormat.Xls, ReadRows(content, limits).ToList());

    /// <summary>The rows of the first visible worksheet, one at a time. The container is checked here, before any
    /// row is read; the file's bytes are held (at most <see cref="LedgerLimits.MaxUploadBytes"/>), its rows are not.</summary>
    public static IEnumerable<RawRow> ReadRows(byte[] content, LedgerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(limits);
        CompoundFileGuard.Check(content, limits);
        return new TranslatedRows(Rows(content, new ReaderBounds(limits)), Translate);
    }

    private static Exception? Translate(Exception ex) => ex switch
    {
        InvalidPasswordException => FileProblems.Encrypted(),

        // ExcelDataReader reports a malformed record in many ways; to the uploader each is a damaged file.
        ExcelReaderException or InvalidDataException or IOException or NotSupportedException or FormatException or ArgumentException
            or IndexOutOfRangeException or InvalidOperationException or OverflowException => FileProblems.Corrupt(ex.Message),
        _ => null,
    };

    private static IEnumerable<RawRow> Rows(byte[] content, ReaderBounds bounds)
    {
        using var reader = ExcelReaderFactory.CreateBinaryReader(new MemoryStream(content, writable: false),
            new ExcelReaderConfiguration { FallbackEncoding = Encoding.GetEncoding(936) });
        while (reader.VisibleState != "visible")
        {
            if (!reader.NextResult())
            {
                throw FileProblems.NotSpreadsheet("the workbook has no visible worksheet");
            }
        }

        var record = new RowCellsBuilder();
        var number = 0;
        while (reader.Read())
        {
            number++;
            bounds.CountSheetRow();
            var width = reader.FieldCount;
            if (width > BiffMaxColumns)
            {
                throw FileProblems.Corrupt($"row {number} claims {width} columns; an .xls sheet has at most {BiffMaxColumns}");
            }

            record.Clear();
            var filled = false;
            for (var column = 0; column < width; column++)
            {
                if (reader.GetValue(column) is not { } value)
                {
                    continue;
                }

                bounds.CheckColumn(number, column);
                var text = Text(value);
                if (text.Length == 0)
                {
                    continue;
                }

                bounds.CheckCellLength(number, column, text.Length);
                bounds.HoldCell();
                bounds.HoldText(text.Length);
                record.Add(column, text);
                filled |= !string.IsNullOrWhiteSpace(text);
            }

            if (filled)
            {
                bounds.CountDataRow(ReaderBounds.RowsAboveHeader);
                yield return new RawRow(number, record.Build());
            }
        }
    }

    /// <summary>A cell as the .xlsx reader would give it: numbers in invariant form, dates as ISO dates (the .xls
    /// reader has already applied the cell's date format), booleans as TRUE/FALSE.</summary>
    private static string Text(object value) => value switch
    {
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "TRUE" : "FALSE",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
