using Liuhu.Core.Domain;
using Liuhu.Core.Ledgers;
using Liuhu.Core.Problems;
using Liuhu.Testing;

namespace Liuhu.Core.Tests.Ledgers;

public class VacancyRowValidatorTests
{
    private static readonly DateTimeOffset Now = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string Credit = TestData.NewCreditCode();

    private static List<RowOutcome<Vacancy>> Validate(params string[] lines)
    {
        var sheet = LedgerSheet.Locate(LedgerReader.Read(TestData.Csv(lines), new LedgerLimits()), LedgerSchemas.Vacancy);
        return sheet.Rows.Select(r => VacancyRowValidator.Validate(sheet, r, "L1", Now)).ToList();
    }

    [Fact]
    public void Locate_TitleRowsSpacedFullWidthHeaderBlankAndNotesRows_OnlyDataRows()
    {
        var outcomes = Validate(
            "呼和浩特市重点企业用工需求台账,,,",
            "填报单位：市人社局,,,",
            "＊企业名称, 统一社会信用代码 ,岗位名称（全称）,招聘人数(人)",
            $"示范企业,{Credit},运维工程师,5",
            ",,,",
            $"示范企业,{Credit},数据分析师,2",
            "备注：带*为必填项,,,");
        Assert.Equal([4, 6], outcomes.Select(o => o.Row));
        Assert.All(outcomes, o => Assert.True(o.Accepted));
    }

    [Fact]
    public void Locate_MissingRequiredColumn_422NamesIt()
    {
        var ex = Assert.Throws<ProblemException>(() => Validate("企业名称,统一社会信用代码,岗位名称", $"示范,{Credit},运维"));
        Assert.Equal(422, ex.Problem.Status);
        Assert.Contains("招聘人数", ex.Problem.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_FullRow_ParsedFields()
    {
        var v = Validate(TestData.Header, TestData.VacancyRow(Credit, "风电运维", postCode: "fd-01", salary: "5k-8k", district: "和林新区", expires: "2024年6月30日"))[0].Value!;
        Assert.Equal($"{Credit}-PFD-01", v.VacancyId);
        Assert.Equal("new-energy", v.Cluster);
        Assert.Equal(Degree.Bachelor, v.Degree);
        Assert.Equal(["PLC编程", "SCADA"], v.Skills);
        Assert.Equal(new SalaryRange(5000, 8000, false), v.Salary);
        Assert.Equal("horinger-new-area", v.District);
        Assert.Equal(new DateOnly(2024, 6, 30), v.ExpiresOn);
    }

    [Fact]
    public void Validate_NoPostCode_IdFromNormalisedTitleAndDistrict()
    {
        var a = Validate(TestData.Header, TestData.VacancyRow(Credit, "运维工程师（风电）", district: "赛罕区"))[0].Value!;
        var b = Validate(TestData.Header, TestData.VacancyRow(Credit, " 运维工程师(风电) ", district: "赛罕"))[0].Value!;
        var c = Validate(TestData.Header, TestData.VacancyRow(Credit, "运维工程师（风电）", district: "新城区"))[0].Value!;
        Assert.Equal(a.VacancyId, b.VacancyId);
        Assert.NotEqual(a.VacancyId, c.VacancyId);
    }

    [Theory]
    [InlineData("限男性", "discrimination.gender")]
    [InlineData("已婚已育", "discrimination.marital_status")]
    [InlineData("限汉族", "discrimination.ethnicity")]
    public void Validate_DiscriminatoryRequirement_RowRejectedWithPhrase(string phrase, string code)
    {
        var outcome = Validate(TestData.Header, TestData.VacancyRow(Credit, "运维", description: $"负责运维，{phrase}"))[0];
        Assert.False(outcome.Accepted);
        var error = Assert.Single(outcome.Errors);
        Assert.Equal(code, error.Code);
        Assert.Equal("岗位职责", error.Column);
        Assert.Contains(phrase, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AgeLimit_AcceptedWithWarning()
    {
        var outcome = Validate(TestData.Header, TestData.VacancyRow(Credit, "运维", description: "35周岁以下"))[0];
        Assert.True(outcome.Accepted);
        Assert.Contains(outcome.Warnings, w => w.Code == "age_limit");
    }

    [Fact]
    public void Validate_BadRowAmongGood_OnlyBadRejectedWithExcelRowAndColumn()
    {
        var outcomes = Validate(TestData.Header,
            TestData.VacancyRow(Credit, "甲"),
            TestData.VacancyRow(Credit[..17] + (Credit[17] == '0' ? '1' : '0'), "乙"),
            TestData.VacancyRow(Credit, "丙", headcount: "若干"),
            TestData.VacancyRow(Credit, "丁", expires: "下个月"));
        Assert.Equal([true, false, false, false], outcomes.Select(o => o.Accepted));
        Assert.Equal(("统一社会信用代码", 3, "credit_code.checksum"), (outcomes[1].Errors[0].Column!, outcomes[1].Errors[0].Row!.Value, outcomes[1].Errors[0].Code));
        Assert.Equal("headcount.invalid", outcomes[2].Errors[0].Code);
        Assert.Equal("expires_on.invalid", outcomes[3].Errors[0].Code);
    }

    [Fact]
    public void Validate_UnknownDistrictAndSalary_AcceptedWithWarnings()
    {
        var outcome = Validate(TestData.Header, TestData.VacancyRow(Credit, "运维", salary: "待遇优厚", district: "包头市"))[0];
        Assert.True(outcome.Accepted);
        Assert.Equal(["salary.unrecognised", "district.unknown"], outcome.Warnings.Select(w => w.Code));
        Assert.Equal("包头市", outcome.Value!.Location);
    }

    [Fact]
    public void Validate_PostKindColumn_ParsedOrWarnedAndLeftEmpty()
    {
        var outcomes = Validate(TestData.Header + ",岗位类别",
            TestData.VacancyRow(Credit, "见习生", postCode: "A1") + ",见习",
            TestData.VacancyRow(Credit, "运维", postCode: "A2") + ",兼职",
            TestData.VacancyRow(Credit, "质检", postCode: "A3") + ",");
        Assert.Equal(PostKind.Internship, outcomes[0].Value!.PostKind);
        Assert.Null(outcomes[1].Value!.PostKind);
        Assert.Equal(["post_kind.unknown"], outcomes[1].Warnings.Select(w => w.Code));
        Assert.Null(outcomes[2].Value!.PostKind);
        Assert.Empty(outcomes[2].Warnings);
    }

    [Fact]
    public void Validate_MajorRequirementPartlyUnknown_StoredAsWrittenWithWarningForUnknownPart()
    {
        var outcome = Validate(TestData.Header, TestData.VacancyRow(Credit, "运维").Replace("电气工程及其自动化", "计算机类相关专业、量子区块链", StringComparison.Ordinal))[0];
        Assert.True(outcome.Accepted);
        Assert.Equal(["计算机类相关专业", "量子区块链"], outcome.Value!.Majors);
        var warning = Assert.Single(outcome.Warnings);
        Assert.Equal(("majors.unrecognised", "专业要求"), (warning.Code, warning.Column));
        Assert.Contains("量子区块链", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_XlsxRow_CellReference()
    {
        var xlsx = XlsxBuilder.Build([
            (2, ["企业名称", "统一社会信用代码", "岗位名称", "招聘人数"]),
            (3, ["示范", Credit, "运维", "x"]),
        ]);
        var sheet = LedgerSheet.Locate(LedgerReader.Read(xlsx, new LedgerLimits()), LedgerSchemas.Vacancy);
        var error = VacancyRowValidator.Validate(sheet, sheet.Rows[0], "L", Now).Errors.Single();
        Assert.Equal("D3", error.Cell);
    }

    [Theory]
    [InlineData("10000", true, null)]
    [InlineData("10001", false, "headcount.too_large")]
    [InlineData("100000", false, "headcount.too_large")]
    public void Validate_Headcount_AtMostTenThousandARow(string headcount, bool accepted, string? code)
    {
        var outcome = Validate(TestData.Header, TestData.VacancyRow(Credit, "普工", headcount: headcount))[0];
        Assert.Equal(accepted, outcome.Accepted);
        Assert.Equal(code, outcome.Errors.SingleOrDefault()?.Code);
        if (code is not null)
        {
            Assert.Equal("招聘人数", outcome.Errors[0].Column);
            Assert.Contains("每行上限 10000 人", outcome.Errors[0].Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_HeadcountLimitConfigured_ThatLimit()
    {
        var sheet = LedgerSheet.Locate(LedgerReader.Read(TestData.Csv(TestData.Header, TestData.VacancyRow(Credit, "普工", headcount: "501")), new LedgerLimits()), LedgerSchemas.Vacancy);
        var outcome = VacancyRowValidator.Validate(sheet, sheet.Rows[0], "L", Now, new LedgerLimits { MaxHeadcount = 500 });
        Assert.Equal("headcount.too_large", Assert.Single(outcome.Errors).Code);
    }

    public static TheoryData<string> Columns => [.. LedgerSchemas.Vacancy.Columns.Select(c => c.Field)];

    [Theory]
    [MemberData(nameof(Columns))]
    public void Validate_TenThousandCharactersInAnyColumn_RowRejectedNamingThatColumn(string field)
    {
        var columns = LedgerSchemas.Vacancy.Columns;
        var headerLine = TestData.Header + ",岗位类别,企业标签,招聘会编号";
        var header = headerLine.Split(',');
        Assert.Equal(columns.Count, header.Length); // every column of the schema is in the file
        var good = (TestData.VacancyRow(Credit, "运维", postCode: "A1") + ",普通,链主企业,").Split(',');
        var index = Array.FindIndex(header, h => LedgerSchemas.Vacancy.Recognise(h)!.Field == field);
        good[index] = new string('岗', 10_000);

        var outcome = Validate(headerLine, string.Join(',', good))[0];

        Assert.False(outcome.Accepted);
        var error = Assert.Single(outcome.Errors);
        Assert.Equal((columns.Single(c => c.Field == field).Header, "cell.too_long"), (error.Column!, error.Code));
    }

    [Fact]
    public void Validate_EveryFieldAtItsLimit_EntityWithinTableStorageLimits()
    {
        // The worst a valid row can be: every field as long as allowed, lists full of items that JSON escapes
        // to six characters a character.
        static string List(int items, int itemLength) => string.Join('、', Enumerable.Range(0, items).Select(i => new string('技', itemLength - 3) + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)));
        var list = List(VacancyFields.MaxListItems, (VacancyFields.MaxTextLength / VacancyFields.MaxListItems) - 1);
        var row = string.Join(',', new string('企', 100), Credit, "新能源", new string('岗', 100), new string('9', 64), "10000", "本科", list, list,
            new string('责', VacancyFields.MaxTextLength), "5000-8000", "赛罕区", list, new string('联', 100), "13847100001", "2027-06-30");

        var outcome = Validate(TestData.Header, row)[0];

        Assert.True(outcome.Accepted, string.Join("; ", outcome.Errors.Select(e => e.Code)));
        Assert.Equal(VacancyFields.MaxListItems, outcome.Value!.Skills.Count);

        // Every tag and the most fairs a post may have, as the API's links can add them after the ledger.
        var full = outcome.Value with
        {
            EmployerTags = [.. EmployerTags.Values],
            FairIds = [.. Enumerable.Range(10, VacancyFields.MaxFairs).Select(i => $"ZPH203101{i:D2}-AAAA")],
        };
        Liuhu.Core.Storage.TableLimits.EnsureWithinLimits(Liuhu.Core.Storage.VacancyEntities.ToEntity(full));
    }
}
