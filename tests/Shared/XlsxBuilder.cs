using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Liuhu.Testing;

/// <summary>Writes real .xlsx workbooks for tests, the way Excel does: shared strings for text, numbers as
/// numbers (so a date cell arrives as its serial), explicit row numbers.</summary>
public static class XlsxBuilder
{
    public static byte[] Build(IEnumerable<(int Row, object?[] Cells)> rows)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var strings = workbook.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new SharedStringTable();
            var index = new Dictionary<string, int>();
            var data = new SheetData();
            foreach (var (number, cells) in rows)
            {
                var row = new Row { RowIndex = (uint)number };
                for (var c = 0; c < cells.Length; c++)
                {
                    if (cells[c] is null)
                    {
                        continue;
                    }

                    var reference = Liuhu.Core.Ledgers.XlsxLedgerReader.ColumnLetters(c) + number;
                    if (cells[c] is string text)
                    {
                        if (!index.TryGetValue(text, out var i))
                        {
                            i = index.Count;
                            index[text] = i;
                            strings.SharedStringTable.AppendChild(new SharedStringItem(new Text(text)));
                        }

                        row.AppendChild(new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(i.ToString(System.Globalization.CultureInfo.InvariantCulture)) });
                    }
                    else
                    {
                        row.AppendChild(new Cell { CellReference = reference, CellValue = new CellValue(Convert.ToString(cells[c], System.Globalization.CultureInfo.InvariantCulture)!) });
                    }
                }

                data.AppendChild(row);
            }

            sheetPart.Worksheet = new Worksheet(data);
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            sheets.AppendChild(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "用工台账" });
            workbook.Workbook.Save();
        }

        return stream.ToArray();
    }

    /// <summary>Appends rows of text to a workbook's first sheet with the Open XML SDK, as a clerk's Excel would.</summary>
    public static byte[] AppendRows(byte[] workbook, IReadOnlyList<string[]> rows)
    {
        using var stream = new MemoryStream();
        stream.Write(workbook);
        using (var document = SpreadsheetDocument.Open(stream, true))
        {
            var first = document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().First();
            var data = ((WorksheetPart)document.WorkbookPart.GetPartById(first.Id!)).Worksheet.GetFirstChild<SheetData>()!;
            var number = 2u;
            foreach (var cells in rows)
            {
                var row = new Row { RowIndex = number };
                for (var c = 0; c < cells.Length; c++)
                {
                    row.AppendChild(new Cell
                    {
                        CellReference = Liuhu.Core.Ledgers.XlsxLedgerReader.ColumnLetters(c) + number,
                        DataType = CellValues.InlineString,
                        InlineString = new InlineString(new Text(cells[c])),
                    });
                }

                data.AppendChild(row);
                number++;
            }
        }

        return stream.ToArray();
    }

    /// <summary>A sheet's rows as text, read with the Open XML SDK.</summary>
    public static List<string[]> ReadRows(byte[] workbook, string sheetName)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(workbook), false);
        var sheet = document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().First(s => s.Name == sheetName);
        var part = (WorksheetPart)document.WorkbookPart.GetPartById(sheet.Id!);
        var strings = document.WorkbookPart.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        return part.Worksheet.Descendants<Row>().Select(r => r.Elements<Cell>().Select(c =>
            c.DataType?.Value == CellValues.SharedString ? strings[int.Parse(c.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture)]
            : c.DataType?.Value == CellValues.InlineString ? c.InlineString!.InnerText
            : c.CellValue?.Text ?? string.Empty).ToArray()).ToList();
    }
}
