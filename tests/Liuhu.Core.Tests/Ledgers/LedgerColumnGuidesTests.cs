using Liuhu.Core.Graduates;
using Liuhu.Core.Ledgers;
using Liuhu.Core.Problems;

namespace Liuhu.Core.Tests.Ledgers;

/// <summary>The template's 填写说明 against the validators: every example passes, every stated length holds at its
/// edge, every dropdown choice is accepted.</summary>
public class LedgerColumnGuidesTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Schemas => new() { "vacancy", "graduate" };

    private static LedgerSchema Schema(string name) => name == "vacancy" ? LedgerSchemas.Vacancy : LedgerSchemas.Graduate;

    /// <summary>Validates one row made of the examples, with <paramref name="field"/> set to <paramref name="value"/>.</summary>
    private static (IReadOnlyList<RowIssue> Errors, IReadOnlyList<RowIssue> Warnings) ValidateExamples(LedgerSchema schema, string? field = null, string? value = null)
    {
        var guides = LedgerColumnGuides.For(schema);
        var header = new RawRow(1, [.. guides.Select(g => LedgerTemplate.HeaderText(g.Column))]);
        var row = new RawRow(2, [.. guides.Select(g => g.Column.Field == field ? value! : g.Guide.Example)]);
        var sheet = LedgerSheet.Locate(new RawTable(LedgerFormat.Xlsx, [header, row]), schema);
        Assert.Empty(sheet.Warnings);
        if (schema == LedgerSchemas.Vacancy)
        {
            var outcome = VacancyRowValidator.Validate(sheet, sheet.Rows[0], "ledger", Now);
            return (outcome.Errors, outcome.Warnings);
        }

        var graduate = GraduateRowValidator.Validate(sheet, sheet.Rows[0], "ledger", Now);
        return (graduate.Errors, graduate.Warnings);
    }

    [Theory]
    [MemberData(nameof(Schemas))]
    public void For_EverySchemaColumn_HasItsOwnGuide(string schema) =>
        Assert.Empty(LedgerColumnGuides.Unguided(Schema(schema)));

    [Fact]
    public void For_EmploymentSchema_EveryColumnHasItsOwnGuide_RouteDropdownIsEveryRoute()
    {
        Assert.Empty(LedgerColumnGuides.Unguided(Liuhu.Core.Programme.EmploymentSchema.Columns));
        var route = LedgerColumnGuides.For(Liuhu.Core.Programme.EmploymentSchema.Columns).Single(g => g.Column.Field == "route").Guide;
        Assert.Equal(Liuhu.Core.Programme.EmploymentRoutes.All.Select(r => r.Name), route.Choices);
        Assert.True(route.ChoicesOnly);
    }

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Examples_RowOfExamples_NoErrorsNoWarnings(string schema)
    {
        var (errors, warnings) = ValidateExamples(Schema(schema));
        Assert.Empty(errors);
        Assert.Empty(warnings);
    }

    [Theory]
    [MemberData(nameof(Schemas))]
    public void MaxLength_OneCharacterOver_RefusedInThatColumn_AtLimitNotTooLong(string schema)
    {
        var limited = LedgerColumnGuides.For(Schema(schema)).Where(g => g.Guide.MaxLength is not null).ToList();
        Assert.NotEmpty(limited);
        foreach (var (column, guide) in limited)
        {
            var header = LedgerTemplate.HeaderText(column);
            var over = ValidateExamples(Schema(schema), column.Field, new string('1', guide.MaxLength!.Value + 1));
            Assert.True(over.Errors.Any(e => e.Column == header), $"{column.Field}: {guide.MaxLength + 1} characters were not refused");
            var atLimit = ValidateExamples(Schema(schema), column.Field, new string('1', guide.MaxLength!.Value));
            Assert.DoesNotContain(atLimit.Errors, e => e.Column == header && e.Code == "cell.too_long");
        }
    }

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Choices_EachOne_AcceptedWithoutIssue(string schema)
    {
        foreach (var (column, guide) in LedgerColumnGuides.For(Schema(schema)).Where(g => g.Guide.Choices is not null))
        {
            foreach (var choice in guide.Choices!)
            {
                var (errors, warnings) = ValidateExamples(Schema(schema), column.Field, choice);
                Assert.True(errors.Count == 0 && warnings.Count == 0, $"{column.Field} = {choice}: {string.Join("; ", errors.Concat(warnings).Select(e => e.Message))}");
            }
        }
    }

    [Fact]
    public void For_VacancyDropdowns_ClusterDegreeDistrictPostKindClosed()
    {
        var closed = LedgerColumnGuides.For(LedgerSchemas.Vacancy).Where(g => g.Guide.ChoicesOnly).Select(g => g.Column.Header).ToList();
        Assert.Equal(["所属产业集群", "学历要求", "工作地点", "岗位类别"], closed);
    }
}
