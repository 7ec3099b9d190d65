using System.Globalization;
using SpreadCheetah;
using SpreadCheetah.Styling;
using SpreadCheetah.Worksheets;

namespace Liuhu.Core.Ledgers;

/// <summary>The error workbook of a processed ledger: the header as uploaded plus 错误原因, then only the rejected
/// rows, each with its cells where they were and every reason in the last column. A clerk fixes the cells and
/// uploads the same workbook again; the readers skip the 错误原因 column.</summary>
public static class ErrorWorkbook
{
    public const string ReasonHeader = "错误原因";
    public const string SheetName = "错误行";

    public static async Task<byte[]> WriteAsync(RejectedRows rejected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        var width = Math.Max(rejected.Header.Count, rejected.Rows.Select(r => r.Cells.Count).DefaultIfEmpty(0).Max());
        using var stream = new MemoryStream();
        await using (var spreadsheet = await Spreadsheet.CreateNewAsync(stream, cancellationToken: cancellationToken))
        {
            var bold = spreadsheet.AddStyle(new Style { Font = { Bold = true } });
            var red = spreadsheet.AddStyle(new Style { Font = { Color = System.Drawing.Color.FromArgb(0xC0, 0, 0) } });
            var options = new WorksheetOptions { FrozenRows = 1 };
            options.Column(width + 1).Width = 60;
            await spreadsheet.StartWorksheetAsync(SheetName, options, cancellationToken);

            // Every cell is written as text, so nothing a clerk typed (=, +, @) becomes a formula.
            var header = new Cell[width + 1];
            for (var c = 0; c < width; c++)
            {
                header[c] = new Cell(c < rejected.Header.Count ? rejected.Header[c] : string.Empty, bold);
            }

            header[width] = new Cell(ReasonHeader, bold);
            await spreadsheet.AddRowAsync(header, cancellationToken);
            var cells = new Cell[width + 1];
            foreach (var row in rejected.Rows)
            {
                for (var c = 0; c < width; c++)
                {
                    cells[c] = new Cell(c < row.Cells.Count ? row.Cells[c] : string.Empty);
                }

                var reasons = string.Create(CultureInfo.InvariantCulture, $"原第 {row.Number} 行：{string.Join("；", row.Reasons)}");
                cells[width] = new Cell(reasons.Length > 32_767 ? reasons[..32_767] : reasons, red);
                await spreadsheet.AddRowAsync(cells, cancellationToken);
            }

            await spreadsheet.FinishAsync(cancellationToken);
        }

        return stream.ToArray();
    }
}
