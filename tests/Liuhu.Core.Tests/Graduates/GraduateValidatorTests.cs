using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Core.Ledgers;
using Liuhu.Testing;

namespace Liuhu.Core.Tests.Graduates;

public class GraduateRowValidatorTests
{
    private const string Header = "学号/编号,姓名,手机号,学历,专业,专业代码,毕业院校,毕业年份,技能,证书,意向产业,意向地区,期望月薪,户籍情况,是否离校未就业,同意匹配,同意向企业推荐";

    private static RowOutcome<GraduateProfile> Validate(string row)
    {
        var sheet = LedgerSheet.Locate(LedgerReader.Read(TestData.Csv(Header, row), new LedgerLimits()), LedgerSchemas.Graduate);
        return GraduateRowValidator.Validate(sheet, sheet.Rows[0], "L1", DateTimeOffset.UnixEpoch);
    }

    [Fact]
    public void Validate_UniversityRow_Profile()
    {
        var p = Validate("IMU2024001,张三,13812345678,本科,计算机科学与技术,080901,内蒙古大学,2024届,Python、SQL,CET-6,新一代信息技术、新能源,赛罕区/和林新区,6k,外地,是,是,否").Value!;
        Assert.Equal(Degree.Bachelor, p.Degree);
        Assert.Equal(["next-gen-it", "new-energy"], p.PreferredClusters);
        Assert.Equal(["saihan", "horinger-new-area"], p.PreferredDistricts);
        Assert.Equal(6000, p.ExpectedSalary);
        Assert.Equal(Residency.External, p.Residency);
        Assert.True(p.LeftSchoolUnemployed);
        Assert.Equal(new Consent(true, false), p.Consent);
        Assert.Equal(2024, p.GraduationYear);
    }

    [Fact]
    public void Validate_BadPhoneAndMissingConsent_ErrorsPerColumn()
    {
        var outcome = Validate("IMU2024002,李四,1381234,本科,软件工程,080902,内蒙古工业大学,2024,,,,,,,,,");
        Assert.False(outcome.Accepted);
        Assert.Equal(["手机号", "同意匹配", "同意向企业推荐"], outcome.Errors.Select(e => e.Column));
        Assert.DoesNotContain(outcome.Errors, e => e.Message.Contains("1381234", StringComparison.Ordinal)); // personal data stays out of reports
    }

    private const string GoodRow = "IMU2024003,张三,13812345678,本科,计算机科学与技术,080901,内蒙古大学,2024,Python,CET-6,新能源,赛罕区,6000,外地,否,是,是";

    public static TheoryData<int> Columns => [.. Enumerable.Range(0, Header.Split(',').Length)];

    [Theory]
    [MemberData(nameof(Columns))]
    public void Validate_TenThousandCharactersInAnyColumn_RowRejectedNamingThatColumn(int column)
    {
        var cells = GoodRow.Split(',');
        cells[column] = new string('长', 10_000);

        var outcome = Validate(string.Join(',', cells));

        Assert.False(outcome.Accepted);
        var error = Assert.Single(outcome.Errors);
        Assert.Equal((Header.Split(',')[column], "cell.too_long"), (error.Column!, error.Code));
    }

    [Fact]
    public void Validate_SkillsOverItemLimit_ListError()
    {
        var cells = GoodRow.Split(',');
        cells[8] = string.Join('、', Enumerable.Range(0, GraduateFields.MaxListItems + 1).Select(i => "技能" + i));
        var error = Assert.Single(Validate(string.Join(',', cells)).Errors);
        Assert.Equal(("技能", "list.too_many"), (error.Column!, error.Code));
    }
}
