using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Core.Programme;

namespace Liuhu.Core.Ledgers;

/// <summary>What a ledger template says about one column: the format in Chinese, an example that the row
/// validator accepts, the longest text it takes and, where the validator knows a closed list, the choices a
/// dropdown offers (<see cref="ChoicesOnly"/> when anything else is refused; otherwise the list only helps, as for a
/// column that takes several values).</summary>
public sealed record ColumnGuide(string Format, string Example, int? MaxLength = null, IReadOnlyList<string>? Choices = null, bool ChoicesOnly = false);

/// <summary>The template's guide for each column of each ledger schema. Lengths, ranges and lists come from the
/// validators' own constants and the domain's lists, so the template cannot promise what the validator refuses;
/// <c>LedgerColumnGuidesTests</c> checks every example against the validators and every length at its edge.</summary>
public static class LedgerColumnGuides
{
    public static readonly IReadOnlyList<string> ClusterNames = [.. Clusters.All.Select(c => c.Name)];

    public static readonly IReadOnlyList<string> DistrictNames = [.. Districts.All.Select(d => d.Name)];

    public static readonly IReadOnlyList<string> YesNo = ["是", "否"];

    // A valid code (GB 32100-2015 check character included), computed so the example can never be one that fails.
    private static readonly string ExampleCreditCode = CreditCode.WithCheckCharacter("91150100MA0Q00000");

    private const int Short = VacancyFields.MaxShortTextLength;
    private const int Long = VacancyFields.MaxTextLength;

    private static readonly Dictionary<string, ColumnGuide> Vacancy = new(StringComparer.Ordinal)
    {
        ["employerName"] = new("企业全称，与营业执照一致", "呼和浩特市示范科技有限公司", Short),
        ["employerCreditCode"] = new("18 位统一社会信用代码（GB 32100-2015，末位为校验位）", ExampleCreditCode, 18),
        ["cluster"] = new("六大产业集群、现代服务业或公共岗位之一，从下拉列表选择；无法识别时留空", "新能源", Short, ClusterNames, ChoicesOnly: true),
        ["title"] = new("岗位名称，每行一个岗位", "光伏运维工程师", Short),
        ["postCode"] = new("本单位自编的岗位编号；填写后，重复上传时按编号更新同一岗位", "XNY-001"),
        ["headcount"] = new($"正整数（1–{LedgerLimits.DefaultMaxHeadcount:N0}），可带“人”字；不可填“若干”", "5"),
        ["degree"] = new("最低学历，从下拉列表选择", "本科", Short, DegreeNames(includeAny: true), ChoicesOnly: true),
        ["majors"] = new("一个或多个专业，用顿号、逗号或分号分隔", "电气工程及其自动化、新能源科学与工程", Long),
        ["skills"] = new("技能或证书要求，用顿号分隔", "PLC编程、电力系统分析", Long),
        ["description"] = new("岗位职责与工作内容", "负责光伏电站设备巡检与运维", Long),
        ["salary"] = new("月薪范围（元），如 5000-8000、5k-8k、4000元/月以上、8-12万/年、面议", "6000-9000", Short),
        ["district"] = new("呼和浩特市旗县区或开发区，从下拉列表选择", "和林格尔县", Short, DistrictNames, ChoicesOnly: true),
        ["benefits"] = new("福利待遇，用顿号分隔", "五险一金、人才公寓", Long),
        ["contactName"] = new("招聘联系人姓名", "王老师", Short),
        ["contactPhone"] = new("手机号或固定电话（如 0471-1234567）", "0471-1234567"),
        ["expiresOn"] = new("日期，如 2024-06-30、2024/6/30 或 2024年6月30日；留空为长期有效", "2027-06-30", Short),

        ["postKind"] = new("岗位类别，从下拉列表选择；留空为普通岗位", PostKinds.ChineseName(PostKinds.Values.First()), Short,
            [.. PostKinds.Values.Select(PostKinds.ChineseName)], ChoicesOnly: true),
        ["employerTags"] = new($"企业标签，可多选，用顿号分隔：{EmployerTags.NameList}；下拉列表可选其一；不属于任何一类时留空", EmployerTags.ChineseName(EmployerTag.ChainLeader),
            VacancyFields.MaxShortTextLength, [.. EmployerTags.Values.Select(EmployerTags.ChineseName)]),
        ["fairIds"] = new("岗位参加的招聘会编号（由主办旗县区或市人社局在平台创建招聘会后获得，如 ZPH20240615-K7Q2），多个用顿号分隔；编号须已存在且未取消；不参加时留空", string.Empty, 200),
    };

    private static readonly Dictionary<string, ColumnGuide> Graduate = new(StringComparer.Ordinal)
    {
        ["graduateId"] = new("学号或本校编号：1–64 位字母、数字、下划线、点或连字符", "2024001", 64),
        ["name"] = new("学生姓名（加密保存，不向企业展示）", "张三", GraduateFields.MaxNameLength),
        ["phone"] = new("11 位中国大陆手机号（加密保存）", "13800000000", 11),
        ["degree"] = new("学历，从下拉列表选择", "本科", GraduateFields.MaxDegreeLength, DegreeNames(includeAny: false), ChoicesOnly: true),
        ["major"] = new("所学专业名称", "软件工程", GraduateFields.MaxMajorLength),
        ["majorCode"] = new("教育部专业目录代码，如 080902（本科）或 510201（高职）", "080902"),
        ["university"] = new("毕业院校全称", "内蒙古大学", GraduateFields.MaxUniversityLength),
        ["graduationYear"] = new($"四位年份（{GraduateFields.MinGraduationYear}–{GraduateFields.MaxGraduationYear}），可带“届”", "2024"),
        ["skills"] = new("技能特长，用顿号分隔", "Java、SQL", GraduateFields.MaxListLength),
        ["certificates"] = new("资格证书，用顿号分隔", "英语四级", GraduateFields.MaxListLength),
        ["preferredClusters"] = new("一个或多个意向产业，用顿号分隔；下拉列表可选其一", "新一代信息技术、现代服务业", null, ClusterNames),
        ["preferredDistricts"] = new("一个或多个意向旗县区，用顿号分隔，或填“不限”；下拉列表可选其一", "赛罕区、经济技术开发区", null, DistrictNames),
        ["expectedSalary"] = new("期望月薪（元），填数字，或填“面议”", "6000", GraduateFields.MaxExpectedSalaryLength),
        ["residency"] = new("户籍情况，从下拉列表选择", "呼和浩特户籍", null, ["呼和浩特户籍", "呼和浩特常住", "外地"], ChoicesOnly: true),
        ["leftSchoolUnemployed"] = new("是 或 否", "否", null, YesNo, ChoicesOnly: true),
        ["consentMatching"] = new("学生是否同意岗位匹配：是 或 否", "是", null, YesNo, ChoicesOnly: true),
        ["consentShare"] = new("学生是否同意向企业推荐：是 或 否", "是", null, YesNo, ChoicesOnly: true),
    };

    private static readonly Dictionary<string, ColumnGuide> Employment = new(StringComparer.Ordinal)
    {
        ["graduateId"] = new("毕业生编号：院校代码-学号；高校填写本校学生时可只填学号", "10126-2024001", 100),
        ["route"] = new($"就业渠道，从下拉列表选择：{EmploymentRoutes.Names}", EmploymentRoutes.All[0].Name, null, [.. EmploymentRoutes.All.Select(r => r.Name)], ChoicesOnly: true),
        ["employedOn"] = new("就业（签约、录用、入职或创业）日期，须在项目年度内且不晚于今天，如 2024-07-01", "2024-07-01"),
        ["district"] = new("就业所在旗县区或开发区，从下拉列表选择；可留空", "赛罕区", null, DistrictNames, ChoicesOnly: true),
        ["cluster"] = new("所属产业集群，从下拉列表选择；可留空", "新一代信息技术", null, ClusterNames, ChoicesOnly: true),
        ["vacancyId"] = new("平台岗位编号（经平台岗位签约时填写）；可留空", string.Empty),
        ["employerName"] = new("就业单位或创业项目名称；可留空", "呼和浩特市示范科技有限公司", EmploymentFields.MaxEmployerNameLength),
        ["residency"] = new("户籍情况，从下拉列表选择；留空时按毕业生档案", "外地", null, ["呼和浩特户籍", "呼和浩特常住", "外地"], ChoicesOnly: true),
        ["studiedInHohhot"] = new("是否驻呼高校毕业：是 或 否；留空时按毕业院校", "是", null, YesNo, ChoicesOnly: true),
    };

    /// <summary>Each column of the schema with its guide, in the schema's order. A column without its own guide
    /// (added to a schema but not yet here) gets a plain one, so the template still offers it.</summary>
    public static IReadOnlyList<(LedgerColumn Column, ColumnGuide Guide)> For(LedgerSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var guides = GuidesOf(schema);
        return [.. schema.Columns.Select(c => (c, guides.GetValueOrDefault(c.Field) ?? new ColumnGuide("文本", string.Empty)))];
    }

    /// <summary>The columns of a schema that have no guide of their own (a test keeps this empty).</summary>
    public static IEnumerable<string> Unguided(LedgerSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var guides = GuidesOf(schema);
        return schema.Columns.Where(c => !guides.ContainsKey(c.Field)).Select(c => c.Field);
    }

    private static Dictionary<string, ColumnGuide> GuidesOf(LedgerSchema schema) =>
        schema == LedgerSchemas.Graduate ? Graduate : schema == LedgerSchemas.Vacancy ? Vacancy : schema == EmploymentSchema.Columns ? Employment : [];

    private static string[] DegreeNames(bool includeAny) =>
        [.. Enum.GetValues<Degree>().Where(d => includeAny || d != Degree.Any).Select(Degrees.ChineseName)];
}
