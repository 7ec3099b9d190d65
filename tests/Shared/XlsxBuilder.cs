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
}
