using Liuhu.Core.Problems;

namespace Liuhu.Core.Ledgers;

/// <summary>The problems a whole file can have; each says what to do in Chinese and in English.</summary>
public static class FileProblems
{
    public static ProblemException Empty() => new(new Problem(400, "file.empty",
        "上传的文件为空", "The uploaded file is empty."));

    public static ProblemException TooLarge(long bytes, long limit) => new(new Problem(413, "file.too_large",
        $"文件过大（{bytes / 1024 / 1024.0:0.#} MB），单个台账不得超过 {limit / 1024 / 1024} MB，请拆分后分别上传",
        $"The file is {bytes} bytes; the limit is {limit} bytes. Split the ledger and upload the parts."));

    public static ProblemException TooManyRows(int rows, int limit) => new(new Problem(413, "file.too_many_rows",
        $"台账共有 {rows} 行数据，超过单次上限 {limit} 行，请拆分后分别上传",
        $"The ledger has {rows} data rows; the limit is {limit}. Split it and upload the parts."));

    // The structural bounds below are checked while a file is read; each problem names the bound and its value
    // (the LedgerLimits option) so a person can see what to split or trim.
    public static ProblemException TooManyColumns(int row, long column, int limit) => new(new Problem(413, "file.too_many_columns",
        $"第 {row} 行第 {column + 1} 列超出列数上限（MaxColumns = {limit} 列），请删除多余的列后上传",
        $"Row {row} has a cell in column {column + 1}, beyond the column limit (MaxColumns = {limit}). Remove the extra columns and upload again."));

    public static ProblemException TooManyKeys(int limit) => new(new Problem(413, "file.too_many_columns",
        $"JSON 中不同字段名的数量超出列数上限（MaxColumns = {limit} 个）",
        $"The JSON objects use more distinct keys than the column limit (MaxColumns = {limit})."));

    public static ProblemException CellTooLong(int row, int column, int limit) => new(new Problem(413, "file.cell_too_long",
        $"第 {row} 行第 {column + 1} 列的内容超过单元格字符上限（MaxCellChars = {limit} 个字符）",
        $"Row {row}, column {column + 1} holds more than the per-cell limit (MaxCellChars = {limit} characters)."));

    public static ProblemException TooManyCells(int limit) => new(new Problem(413, "file.too_many_cells",
        $"文件中非空单元格超过上限（MaxCells = {limit} 个），请拆分后分别上传",
        $"The file has more non-empty cells than the limit (MaxCells = {limit}). Split it and upload the parts."));

    public static ProblemException TooMuchText(long limit) => new(new Problem(413, "file.too_much_text",
        $"文件中的文字总量超过上限（MaxTextChars = {limit} 个字符），请拆分后分别上传",
        $"The file's cells hold more text than the limit (MaxTextChars = {limit} characters). Split it and upload the parts."));

    public static ProblemException TooManySheetRows(int limit) => new(new Problem(413, "file.too_many_sheet_rows",
        $"表格的行数（含空行）超过上限（MaxSheetRows = {limit} 行），请删除多余的空行后上传",
        $"The sheet has more rows, empty ones included, than the limit (MaxSheetRows = {limit}). Delete the unused rows and upload again."));

    public static ProblemException TooManySheets(int count, int limit) => new(new Problem(413, "file.too_many_sheets",
        $"工作簿包含 {count} 个以上工作表，超过上限（MaxSheets = {limit} 个），请只保留台账所在的工作表",
        $"The workbook has at least {count} sheets; the limit is MaxSheets = {limit}. Keep only the ledger's sheet."));

    public static ProblemException TooManySharedStrings(string bound, long limit) => new(new Problem(413, "file.too_many_shared_strings",
        $"Excel 文件的共享字符串表超过上限（{bound} = {limit}），已拒绝处理",
        $"The workbook's shared string table exceeds its limit ({bound} = {limit}); it was refused."));

    public static ProblemException XmlTokenTooLarge(int limit) => new(new Problem(413, "file.xml_token_too_large",
        $"Excel 文件中有超长的 XML 片段（超过 {limit} 字节），已拒绝处理",
        $"The .xlsx file holds a single XML name, attribute or text longer than {limit} bytes; it was refused."));

    public static ProblemException Encrypted() => new(new Problem(400, "file.encrypted",
        "Excel 文件设有打开密码（已加密），请取消密码保护后重新保存再上传",
        "The workbook is encrypted with a password. Remove the password, save it again and upload it."));

    public static ProblemException NotSpreadsheet(string why) => new(new Problem(415, "file.not_spreadsheet",
        "文件不是可识别的表格（支持 .xlsx、.xls、CSV、JSON）",
        $"The file is not a spreadsheet Liuhu can read (.xlsx, .xls, CSV or JSON): {why}"));

    public static ProblemException Corrupt(string why) => new(new Problem(400, "file.corrupt",
        "Excel 文件已损坏或无法打开，请重新导出后上传",
        $"The Excel file is damaged or cannot be opened: {why}"));

    public static ProblemException ZipBomb() => new(new Problem(413, "file.unpacked_too_large",
        "Excel 文件解压后体积异常，已拒绝处理",
        "The Excel file unpacks (or claims to unpack) to far more data than a ledger holds; it was refused."));

    public static ProblemException Encoding() => new(new Problem(400, "file.encoding",
        "无法识别文件编码，请将 CSV 保存为 UTF-8 或 GB18030（GBK）编码后上传",
        "The CSV file is neither valid UTF-8 nor GB18030/GBK. Save it in one of those encodings."));

    public static ProblemException BrokenQuoting(int line) => new(new Problem(400, "csv.unterminated_quote",
        $"CSV 文件第 {line} 行起的引号未闭合，请检查该行的英文双引号",
        $"A quoted field that starts on line {line} is never closed.")
    {
        Errors = [new RowIssue(line, null, "csv.unterminated_quote", $"第 {line} 行起的引号未闭合")],
    });

    public static ProblemException InvalidJson(string why) => new(new Problem(400, "json.invalid",
        "JSON 格式有误，应为由对象组成的数组，字段使用英文名",
        $"The JSON body must be an array of objects with the English field names: {why}"));

    public static ProblemException NoHeader(IEnumerable<string> required) => new(new Problem(422, "header.not_found",
        $"未找到表头行，表头须包含：{string.Join("、", required)}",
        $"No header row was found. The header must name these columns: {string.Join(", ", required)}."));

    public static ProblemException MissingColumns(IEnumerable<string> missing, int headerRow) => new(new Problem(422, "header.missing_columns",
        $"表头（第 {headerRow} 行）缺少必填列：{string.Join("、", missing)}",
        $"The header row ({headerRow}) lacks required columns: {string.Join(", ", missing)}.")
    {
        Errors = [new RowIssue(headerRow, null, "header.missing_columns", $"缺少必填列：{string.Join("、", missing)}")],
    });

    public static ProblemException NoRows() => new(new Problem(422, "file.no_rows",
        "表头下没有数据行", "The file has a header but no data rows."));
}
