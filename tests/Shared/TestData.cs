using System.Security.Cryptography;
using System.Text;
using Liuhu.Core.Domain;

namespace Liuhu.Testing;

public static class TestData
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /// <summary>A valid credit code no other test uses, so tests sharing one Azurite do not see each other's rows.</summary>
    public static string NewCreditCode()
    {
        var body = new StringBuilder("91150100");
        for (var i = 0; i < 9; i++)
        {
            body.Append(Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]);
        }

        return CreditCode.WithCheckCharacter(body.ToString());
    }

    /// <summary>The city HR bureau as an authenticated caller (it may act for every tenant).</summary>
    public static readonly Liuhu.Core.Access.Caller Bureau = new("bureau-test", Liuhu.Core.Access.OrganisationKind.Bureau, "test", "ctestbureau");

    /// <summary>The university code graduate ledgers are filed under in tests.</summary>
    public const string UniversityCode = "4115010126";

    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public const string Header = "企业名称,统一社会信用代码,所属产业集群,岗位名称,岗位编号,招聘人数,学历要求,专业要求,技能要求,岗位职责,薪资待遇,工作地点,福利待遇,联系人,联系电话,有效期至";

    public static string VacancyRow(string credit, string title, string postCode = "", string headcount = "3", string cluster = "新能源",
        string salary = "5000-8000", string district = "赛罕区", string description = "负责设备运维", string expires = "2027-06-30", string benefits = "五险一金") =>
        $"示范企业,{credit},{cluster},{title},{postCode},{headcount},本科,电气工程及其自动化,PLC编程、SCADA,{description},{salary},{district},{benefits},王老师,13847100001,{expires}";

    public const string GraduateHeader = "学号/编号,姓名,手机号,学历,专业,专业代码,毕业院校,毕业年份,技能,证书,意向产业,意向地区,期望月薪,户籍情况,是否离校未就业,同意匹配,同意向企业推荐";

    public static string GraduateRow(string studentNumber) =>
        $"{studentNumber},张三,13812345678,本科,软件工程,080902,内蒙古大学,2024,Python,CET-6,新能源,赛罕区,6000,外地,否,是,是";

    /// <summary>Issue 9's hostile graduate file: {prefix}000 valid, then for each column c a row {prefix}(c+1)
    /// (file row c + 3) with 10,000 characters in that column, then {prefix}099 valid.</summary>
    public static byte[] GraduateFileWithLongCellInEachColumn(string prefix)
    {
        var lines = new List<string> { GraduateHeader, GraduateRow(prefix + "000") };
        var columns = GraduateHeader.Split(',').Length;
        for (var column = 0; column < columns; column++)
        {
            var cells = GraduateRow($"{prefix}{column + 1:D3}").Split(',');
            cells[column] = new string('长', 10_000);
            lines.Add(string.Join(',', cells));
        }

        lines.Add(GraduateRow(prefix + "099"));
        return Csv([.. lines]);
    }

    public static byte[] Csv(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n");
}
