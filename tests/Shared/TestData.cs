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

    public static byte[] Csv(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n");
}
