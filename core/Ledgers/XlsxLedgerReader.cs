using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Liuhu.Core.Ledgers;

/// <summary>Reads the first visible worksheet of an .xlsx workbook, keeping Excel's own row numbers.</summary>
public static class XlsxLedgerReader
{
    private const int MaxEntries = 2_000;
    private const double MaxCompressionRatio = 200;

    public static RawTable Read(byte[] content, LedgerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        GuardAgainstZipBomb(content, limits);
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            using var document = SpreadsheetDocument.Open(stream, false);
            var workbook = document.WorkbookPart ?? throw FileProblems.NotSpreadsheet("the package has no workbook");
            var sheet = workbook.Workbook.Sheets?.Elements<Sheet>()
                .FirstOrDefault(s => s.State is null || s.State.Value == SheetStateValues.Visible)
                ?? throw FileProblems.NotSpreadsheet("the workbook has no visible worksheet");
            var worksheet = (WorksheetPart)workbook.GetPartById(sheet.Id!.Value!);
            var sharedStrings = workbook.SharedStringTablePart?.SharedStringTable?
                .Elements<SharedStringItem>().Select(i => i.InnerText).ToArray() ?? [];
            return new RawTable(LedgerFormat.Xlsx, ReadRows(worksheet, sharedStrings));
        }
        catch (OpenXmlPackageException ex)
        {
            throw FileProblems.Corrupt(ex.Message);
        }
        catch (InvalidDataException ex)
        {
            throw FileProblems.Corrupt(ex.Message);
        }
        catch (System.Xml.XmlException ex)
        {
            throw FileProblems.Corrupt(ex.Message);
        }
    }

    private static List<RawRow> ReadRows(WorksheetPart worksheet, string[] sharedStrings)
    {
        var rows = new List<RawRow>();
        var previous = 0;

        // A streaming reader keeps memory flat for 100,000-row ledgers, where the DOM would not.
        using var reader = OpenXmlReader.Create(worksheet);
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
            {
                continue;
            }

            var row = (Row)reader.LoadCurrentElement()!;
            var number = row.RowIndex?.Value is { } index ? (int)index : previous + 1;
            previous = number;
            var cells = new List<string>();
            var nextColumn = 0;
            foreach (var cell in row.Elements<Cell>())
            {
                var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : nextColumn;
                while (cells.Count < column)
                {
                    cells.Add(string.Empty);
                }

                cells.Add(CellText(cell, sharedStrings));
                nextColumn = column + 1;
            }

            rows.Add(new RawRow(number, cells));
        }

        return rows;
    }

    private static string CellText(Cell cell, string[] sharedStrings)
    {
        if (cell.DataType?.Value == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText ?? string.Empty;
        }

        var raw = cell.CellValue?.Text ?? string.Empty;
        if (cell.DataType?.Value == CellValues.SharedString)
        {
            return int.TryParse(raw, out var i) && i >= 0 && i < sharedStrings.Length ? sharedStrings[i] : string.Empty;
        }

        if (cell.DataType?.Value == CellValues.Boolean)
        {
            return raw == "1" ? "TRUE" : "FALSE";
        }

        return raw;
    }

    /// <summary>Zero-based column of a reference such as "AB12".</summary>
    public static int ColumnIndex(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var column = 0;
        foreach (var c in reference)
        {
            if (c is < 'A' or > 'Z')
            {
                break;
            }

            column = (column * 26) + (c - 'A' + 1);
        }

        return column - 1;
    }

    public static string ColumnLetters(int index)
    {
        var letters = string.Empty;
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return letters;
    }

    private static void GuardAgainstZipBomb(byte[] content, LedgerLimits limits)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > MaxEntries)
            {
                throw FileProblems.ZipBomb();
            }

            long total = 0;
            var hasWorkbook = false;
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                hasWorkbook |= entry.FullName.Equals("xl/workbook.xml", StringComparison.OrdinalIgnoreCase);
                var ratio = entry.CompressedLength == 0 ? 0 : (double)entry.Length / entry.CompressedLength;
                if (total > limits.MaxUnpackedBytes || (entry.Length > 1_000_000 && ratio > MaxCompressionRatio))
                {
                    throw FileProblems.ZipBomb();
                }
            }

            if (!hasWorkbook)
            {
                throw FileProblems.NotSpreadsheet("the zip archive is not an Excel workbook");
            }
        }
        catch (InvalidDataException ex)
        {
            throw FileProblems.Corrupt(ex.Message);
        }
    }
}
