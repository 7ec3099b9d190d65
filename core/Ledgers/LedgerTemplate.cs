using System.Globalization;
using SpreadCheetah;
using SpreadCheetah.Styling;
using SpreadCheetah.Validations;
using SpreadCheetah.Worksheets;

namespace Liuhu.Core.Ledgers;

/// <summary>The ledger template a clerk downloads: the ledger sheet first (the sheet the readers take), with the
/// headers the schema recognises, required ones starred, and dropdowns where the validator knows the list; then
/// 填写说明, a row per column from <see cref="LedgerColumnGuides"/> and the upload limits; then a hidden 选项
/// sheet that holds the dropdowns' lists (a list typed into a validation rule is capped at 255 characters).</summary>
public static class LedgerTemplate
{
    public const string GuideSheet = "填写说明";
    public const string ChoicesSheet = "选项";

    public static string SheetName(LedgerSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return schema == LedgerSchemas.Graduate ? "毕业生台账" : schema == Programme.EmploymentSchema.Columns ? "就业去向" : "用工台账";
    }

    /// <summary>The header a template prints: a star marks a required column (the readers ignore it).</summary>
    public static string HeaderText(LedgerColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return column.Required ? "*" + column.Header : column.Header;
    }

    public static async Task<byte[]> WriteAsync(LedgerSchema schema, LedgerLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(limits);
        var columns = LedgerColumnGuides.For(schema);
        using var stream = new MemoryStream();
        await using (var spreadsheet = await Spreadsheet.CreateNewAsync(stream, cancellationToken: cancellationToken))
        {
            var bold = spreadsheet.AddStyle(new Style { Font = { Bold = true } });
            var ledger = new WorksheetOptions { FrozenRows = 1 };
            for (var c = 0; c < columns.Count; c++)
            {
                ledger.Column(c + 1).Width = Math.Clamp(columns[c].Column.Header.Length * 2.5 + 4, 10, 40);
            }

            await spreadsheet.StartWorksheetAsync(SheetName(schema), ledger, cancellationToken);
            await spreadsheet.AddRowAsync([.. columns.Select(c => new Cell(HeaderText(c.Column), bold))], cancellationToken);
            var listColumn = 0;
            for (var c = 0; c < columns.Count; c++)
            {
                if (Validation(columns[c].Guide, ref listColumn) is { } validation)
                {
                    var letters = XlsxLedgerReader.ColumnLetters(c);
                    spreadsheet.AddDataValidation($"{letters}2:{letters}{limits.MaxRows + 1}", validation);
                }
            }

            await spreadsheet.StartWorksheetAsync(GuideSheet, GuideOptions(), cancellationToken);
            await spreadsheet.AddRowAsync([.. new[] { "列名", "是否必填", "填写格式", "示例", "限制", "也可写作" }.Select(h => new Cell(h, bold))], cancellationToken);
            foreach (var (column, guide) in columns)
            {
                await spreadsheet.AddRowAsync(
                [
                    new DataCell(column.Header), new DataCell(column.Required ? "必填" : "选填"), new DataCell(guide.Format),
                    new DataCell(guide.Example), new DataCell(Limit(guide)), new DataCell(string.Join("、", column.Aliases)),
                ], cancellationToken);
            }

            await spreadsheet.AddRowAsync(Array.Empty<DataCell>(), cancellationToken);
            foreach (var note in Notes(limits))
            {
                await spreadsheet.AddRowAsync([new DataCell(note)], cancellationToken);
            }

            await spreadsheet.StartWorksheetAsync(ChoicesSheet, new WorksheetOptions { Visibility = WorksheetVisibility.Hidden }, cancellationToken);
            var lists = columns.Where(c => c.Guide.Choices is { Count: > 0 }).ToList();
            await spreadsheet.AddRowAsync([.. lists.Select(c => new DataCell(c.Column.Header))], cancellationToken);
            for (var i = 0; i < lists.Max(c => c.Guide.Choices!.Count); i++)
            {
                await spreadsheet.AddRowAsync([.. lists.Select(c => new DataCell(i < c.Guide.Choices!.Count ? c.Guide.Choices[i] : null))], cancellationToken);
            }

            await spreadsheet.FinishAsync(cancellationToken);
        }

        return stream.ToArray();
    }

    /// <summary>A dropdown from the 选项 sheet where the guide has a list (blocking other values only when the
    /// validator refuses them); a length check where it has only a length.</summary>
    private static DataValidation? Validation(ColumnGuide guide, ref int listColumn)
    {
        if (guide.Choices is { Count: > 0 } choices)
        {
            var letters = XlsxLedgerReader.ColumnLetters(listColumn++);
            var list = DataValidation.ListValuesFromCells(ChoicesSheet, $"${letters}$2:${letters}${choices.Count + 1}");
            list.ErrorType = guide.ChoicesOnly ? ValidationErrorType.Blocking : ValidationErrorType.Information;
            list.ErrorTitle = "请从下拉列表选择";
            list.ErrorMessage = guide.Format.Length > 255 ? guide.Format[..255] : guide.Format;
            return list;
        }

        if (guide.MaxLength is { } max)
        {
            var length = DataValidation.TextLengthLessThanOrEqualTo(max);
            length.ErrorType = ValidationErrorType.Warning;
            length.ErrorTitle = "内容过长";
            length.ErrorMessage = $"不得超过 {max} 字";
            return length;
        }

        return null;
    }

    private static string Limit(ColumnGuide guide) => guide switch
    {
        { Choices.Count: > 0, ChoicesOnly: true } => "限下拉列表中的值",
        { MaxLength: { } max } => string.Create(CultureInfo.InvariantCulture, $"不超过 {max} 字"),
        _ => string.Empty,
    };

    private static IEnumerable<string> Notes(LedgerLimits limits)
    {
        yield return "说明：";
        yield return "1. 带 * 的列为必填；表头须保留（可在表头上方加标题行，不超过 20 行），列的顺序不限，未列出的列将被忽略。";
        yield return string.Create(CultureInfo.InvariantCulture,
            $"2. 每个文件不超过 {limits.MaxRows:N0} 行数据、{limits.MaxUploadBytes / 1024 / 1024} MB，单元格不超过 {limits.MaxCellChars:N0} 个字符；超出请拆分后分别上传。");
        yield return "3. 支持 .xlsx、.xls（WPS 或旧版 Excel）、CSV（UTF-8 或 GBK）格式；只读取第一个可见的工作表。";
        yield return "4. 上传后可下载错误行工作簿（含“错误原因”列），修改后直接重新上传。";
    }

    private static WorksheetOptions GuideOptions()
    {
        var options = new WorksheetOptions { FrozenRows = 1 };
        options.Column(1).Width = 16;
        options.Column(3).Width = 60;
        options.Column(4).Width = 30;
        options.Column(6).Width = 40;
        return options;
    }
}
