using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Liuhu.Core.Graduates;
using Liuhu.Core.Ledgers;
using Liuhu.Testing;

namespace Liuhu.Core.Tests.Ledgers;

public class LedgerTemplateTests
{
    private static readonly LedgerLimits Limits = new();

    [Fact]
    public async Task WriteAsync_Vacancy_SheetsHeadersGuideAndDropdowns()
    {
        var bytes = await LedgerTemplate.WriteAsync(LedgerSchemas.Vacancy, Limits, CancellationToken.None);

        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var sheets = document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().ToList();
        Assert.Equal(["用工台账", "填写说明", "选项"], sheets.Select(s => s.Name!.Value));
        Assert.Equal(SheetStateValues.Hidden, sheets[2].State!.Value);

        var ledger = (WorksheetPart)document.WorkbookPart!.GetPartById(sheets[0].Id!);
        var validations = ledger.Worksheet.Descendants<DataValidation>().ToList();
        var lists = validations.Where(v => v.Type?.Value == DataValidationValues.List).ToList();
        Assert.Equal(5, lists.Count); // 产业集群, 学历, 工作地点, 岗位类别; 企业标签 (one offered, several may be typed)
        Assert.All(lists, v => Assert.Contains("选项", v.Formula1!.Text, StringComparison.Ordinal));
        var cluster = LedgerSchemas.Vacancy.Columns.ToList().FindIndex(c => c.Field == "cluster");
        Assert.Contains(lists, v => (v.SequenceOfReferences?.InnerText ?? string.Empty).StartsWith($"{XlsxLedgerReader.ColumnLetters(cluster)}2:", StringComparison.Ordinal));

        // The readers take the first sheet: every header recognised, nothing to warn about.
        var table = LedgerReader.Read(XlsxBuilder.AppendRows(bytes, [LedgerColumnGuides.For(LedgerSchemas.Vacancy).Select(g => g.Guide.Example).ToArray()]), Limits);
        Assert.Equal(LedgerSchemas.Vacancy.Columns.Select(LedgerTemplate.HeaderText), table.Rows[0].Cells);
    }

    [Fact]
    public async Task WriteAsync_Guide_OneRowPerColumnWithRequiredAndLimits()
    {
        var bytes = await LedgerTemplate.WriteAsync(LedgerSchemas.Graduate, Limits, CancellationToken.None);
        var guide = XlsxBuilder.ReadRows(bytes, LedgerTemplate.GuideSheet);

        Assert.Equal(["列名", "是否必填", "填写格式", "示例", "限制", "也可写作"], guide[0]);
        var columns = LedgerSchemas.Graduate.Columns;
        for (var i = 0; i < columns.Count; i++)
        {
            Assert.Equal(columns[i].Header, guide[i + 1][0]);
            Assert.Equal(columns[i].Required ? "必填" : "选填", guide[i + 1][1]);
        }

        Assert.Contains(guide, r => r[0] == "姓名" && r[4] == $"不超过 {GraduateFields.MaxNameLength} 字");
        Assert.Contains(guide, r => r.Length > 0 && r[0].Contains("100,000 行数据", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("vacancy")]
    [InlineData("graduate")]
    public async Task WriteAsync_FilledWithExamplesByAnotherLibrary_EveryRowValid(string kind)
    {
        var schema = kind == "vacancy" ? LedgerSchemas.Vacancy : LedgerSchemas.Graduate;
        var template = await LedgerTemplate.WriteAsync(schema, Limits, CancellationToken.None);
        var examples = LedgerColumnGuides.For(schema).Select(g => g.Guide.Example).ToArray();
        var second = (string[])examples.Clone();
        second[0] = kind == "vacancy" ? "第二家企业" : "2024002";
        second[3] = kind == "vacancy" ? "储能工程师" : second[3];

        var sheet = LedgerSheet.Locate(LedgerReader.Read(XlsxBuilder.AppendRows(template, [examples, second]), Limits), schema);

        Assert.Empty(sheet.Warnings);
        Assert.Equal(2, sheet.Rows.Count);
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var row in sheet.Rows)
        {
            var errors = kind == "vacancy" ? VacancyRowValidator.Validate(sheet, row, "l", now).Errors : GraduateRowValidator.Validate(sheet, row, "l", now).Errors;
            Assert.Empty(errors);
        }
    }
}
