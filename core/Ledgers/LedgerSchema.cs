using System.Text.RegularExpressions;
using Liuhu.Core.Domain;

namespace Liuhu.Core.Ledgers;

/// <summary>A column a ledger may have: its English field name (used by JSON uploads and the API), the
/// Chinese header a template prints, and the other headers people write for it.</summary>
public sealed record LedgerColumn(string Field, string Header, bool Required, params string[] Aliases);

/// <summary>The columns of one kind of ledger, and how a header cell is recognised.</summary>
public sealed partial class LedgerSchema
{
    private readonly Dictionary<string, LedgerColumn> lookup = new(StringComparer.OrdinalIgnoreCase);

    public LedgerSchema(string name, IReadOnlyList<LedgerColumn> columns)
    {
        Name = name;
        Columns = columns ?? throw new ArgumentNullException(nameof(columns));
        foreach (var column in columns)
        {
            lookup[column.Field] = column;
            lookup[NormalizeHeader(column.Header)] = column;
            foreach (var alias in column.Aliases)
            {
                lookup[NormalizeHeader(alias)] = column;
            }
        }
    }

    public string Name { get; }

    public IReadOnlyList<LedgerColumn> Columns { get; }

    public IEnumerable<LedgerColumn> RequiredColumns => Columns.Where(c => c.Required);

    public LedgerColumn? Recognise(string headerCell)
    {
        var normalized = NormalizeHeader(headerCell);
        return normalized.Length > 0 && lookup.TryGetValue(normalized, out var column) ? column : null;
    }

    /// <summary>"＊ 招聘人数（人）" and "招聘人数" are the same header: fold width, drop spaces, required
    /// markers and a trailing unit or hint in brackets.</summary>
    public static string NormalizeHeader(string headerCell)
    {
        var folded = TextNormalizer.FoldWithoutWhitespace(headerCell);
        folded = folded.Trim('*', '※', '★', ':', '：');
        folded = BracketedHint().Replace(folded, string.Empty);
        return folded.Trim('*', '※', '★');
    }

    [GeneratedRegex(@"[\(\[【<《].*?[\)\]】>》]")]
    private static partial Regex BracketedHint();
}

public static class LedgerSchemas
{
    public static readonly LedgerSchema Vacancy = new("vacancy",
    [
        new("employerName", "企业名称", true, "单位名称", "企业全称", "用人单位", "用人单位名称", "公司名称"),
        new("employerCreditCode", "统一社会信用代码", true, "信用代码", "社会信用代码", "统一信用代码", "企业信用代码"),
        new("cluster", "所属产业集群", false, "产业集群", "所属产业", "产业类别", "所属集群", "行业"),
        new("title", "岗位名称", true, "职位名称", "招聘岗位", "岗位", "职位"),
        new("postCode", "岗位编号", false, "岗位代码", "职位编号", "岗位编码"),
        new("headcount", "招聘人数", true, "需求人数", "招聘数量", "人数", "拟招人数", "用工需求人数"),
        new("degree", "学历要求", false, "学历", "最低学历", "学历层次"),
        new("majors", "专业要求", false, "专业", "所需专业", "专业名称"),
        new("skills", "技能要求", false, "技能", "任职要求", "能力要求"),
        new("description", "岗位职责", false, "岗位描述", "工作内容", "职责", "岗位说明"),
        new("salary", "薪资待遇", false, "薪资", "月薪", "薪酬", "工资待遇", "薪酬待遇", "工资"),
        new("district", "工作地点", false, "工作地区", "所在地区", "所在旗县区", "旗县区", "工作区域"),
        new("benefits", "福利待遇", false, "福利", "其他福利"),
        new("contactName", "联系人", false, "招聘联系人"),
        new("contactPhone", "联系电话", false, "电话", "联系方式", "手机"),
        new("expiresOn", "有效期至", false, "有效期", "截止日期", "截止时间", "招聘截止日期"),
        new("postKind", "岗位类别", false, "岗位类型", "岗位性质"),
        new("employerTags", "企业标签", false, "企业类型", "企业性质", "企业类别", "企业属性"),
        new("fairIds", "招聘会编号", false, "招聘会", "参加招聘会", "招聘会代码"),
    ]);

    public static readonly LedgerSchema Graduate = new("graduate",
    [
        new("graduateId", "学号/编号", true, "学号", "编号", "学生编号", "graduateId"),
        new("name", "姓名", true),
        new("phone", "手机号", false, "手机", "联系电话", "手机号码"),
        new("degree", "学历", true, "学历层次"),
        new("major", "专业", true, "所学专业", "专业名称"),
        new("majorCode", "专业代码", false, "专业编码"),
        new("university", "毕业院校", true, "学校", "院校", "毕业学校"),
        new("graduationYear", "毕业年份", false, "毕业年度", "届别"),
        new("skills", "技能", false, "技能特长", "专业技能"),
        new("certificates", "证书", false, "资格证书", "职业资格证书"),
        new("preferredClusters", "意向产业", false, "意向产业集群", "求职意向产业"),
        new("preferredDistricts", "意向地区", false, "意向工作地", "意向旗县区"),
        new("expectedSalary", "期望月薪", false, "期望薪资", "期望工资"),
        new("residency", "户籍情况", false, "户籍", "户口"),
        new("leftSchoolUnemployed", "是否离校未就业", false, "离校未就业"),
        new("consentMatching", "同意匹配", true, "同意岗位匹配"),
        new("consentShare", "同意向企业推荐", true, "同意推荐", "同意向用人单位推荐"),
    ]);
}
