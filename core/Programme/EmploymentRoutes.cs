using System.Text.Json.Serialization;
using Liuhu.Core.Domain;

namespace Liuhu.Core.Programme;

/// <summary>Which of the plan's targets a route counts towards, besides the overall 5万.</summary>
public enum RouteGroup
{
    /// <summary>A job with an employer: counted by its cluster (manufacturing or services).</summary>
    Employer,

    /// <summary>基层服务项目 (plan item 15: 三支一扶, 民生志愿服务, 西部志愿者; 4,000).</summary>
    Grassroots,

    /// <summary>机关事业单位 (plan item 14).</summary>
    PublicSector,

    /// <summary>新业态 (plan items 3 and 13): counted with services and new business forms.</summary>
    NewForms,
}

/// <summary>One way a graduate comes to be employed, as the plan names it. <see cref="Rank"/> breaks ties when a
/// graduate has two routes on the same day: the lower rank counts (a signed contract before a placement).</summary>
public sealed record EmploymentRoute(string Code, string Name, RouteGroup Group, int Rank, IReadOnlyList<string> Aliases);

/// <summary>The employment routes (就业去向) the programme counts, as data: the 就业去向 file's 就业渠道 column,
/// the API's <c>route</c> field and the progress breakdown all use this list.</summary>
public static class EmploymentRoutes
{
    public const string Signed = "signed";
    public const string PublicSector = "public_sector";
    public const string SanzhiYifu = "sanzhi_yifu";
    public const string WesternVolunteer = "western_volunteer";
    public const string LivelihoodVolunteer = "livelihood_volunteer";
    public const string Traineeship = "traineeship";
    public const string Flexible = "flexible";
    public const string StartUp = "self_employed";

    public static readonly IReadOnlyList<EmploymentRoute> All =
    [
        new(Signed, "签约就业", RouteGroup.Employer, 1, ["签约", "协议就业", "签订劳动合同", "合同就业", "单位就业", "企业就业", "签就业协议"]),
        new(PublicSector, "事业单位/机关录用", RouteGroup.PublicSector, 2, ["事业单位", "机关", "公务员", "机关录用", "事业单位录用", "考录", "国家机关"]),
        new(SanzhiYifu, "三支一扶", RouteGroup.Grassroots, 3, ["三支一扶计划"]),
        new(WesternVolunteer, "西部计划", RouteGroup.Grassroots, 4, ["西部志愿者", "大学生志愿服务西部计划", "西部计划志愿者"]),
        new(LivelihoodVolunteer, "民生志愿", RouteGroup.Grassroots, 5, ["民生志愿服务", "民生志愿服务计划", "民生志愿者"]),
        new(Traineeship, "就业见习", RouteGroup.Employer, 6, ["见习", "青年见习", "见习岗位"]),
        new(Flexible, "灵活就业", RouteGroup.NewForms, 7, ["自由职业", "新就业形态", "平台就业"]),
        new(StartUp, "自主创业", RouteGroup.NewForms, 8, ["创业"]),
    ];

    public static EmploymentRoute ByCode(string code) => All.First(r => r.Code == code);

    public static bool TryParse(string? text, out EmploymentRoute route)
    {
        var folded = TextNormalizer.FoldWithoutWhitespace(text);
        route = All.FirstOrDefault(r => string.Equals(r.Code, folded, StringComparison.OrdinalIgnoreCase) || r.Name == folded || r.Aliases.Contains(folded))!;
        return route is not null;
    }

    /// <summary>A hire through a post counts by the post's kind: a 见习 post is a traineeship, a 事业单位 post
    /// public-sector, a 三支一扶/基层项目 post grassroots; any other post (or none known) is a signed job.</summary>
    public static string OfPost(Vacancy? post) => post?.PostKind switch
    {
        PostKind.Internship => Traineeship,
        PostKind.PublicInstitution => PublicSector,
        PostKind.Grassroots => SanzhiYifu,
        _ => Signed,
    };

    public static string Names => string.Join("、", All.Select(r => r.Name));
}

/// <summary>来呼 / 回呼 / 留呼, the plan's three ways of staying in Hohhot (方案 一、目标任务; item 14 "来呼、回呼";
/// item 17 "驻呼高校毕业生留呼"): 留呼, studied at a university in Hohhot and stays; 回呼, studied elsewhere and
/// returns to a Hohhot 户籍 or residence; 来呼, studied elsewhere and comes from outside.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Origin>))]
public enum Origin
{
    [JsonStringEnumMemberName("stay")]
    Stay,

    [JsonStringEnumMemberName("return")]
    Return,

    [JsonStringEnumMemberName("come")]
    Come,

    [JsonStringEnumMemberName("unknown")]
    Unknown,
}

public static class Origins
{
    public static string Name(Origin origin) => origin switch
    {
        Origin.Stay => "留呼",
        Origin.Return => "回呼",
        Origin.Come => "来呼",
        _ => "未注明",
    };

    /// <summary>Studied in Hohhot wins (a Hohhot graduate staying is 留呼 whatever the 户籍); otherwise a Hohhot
    /// 户籍 or residence is 回呼, an outside one 来呼, and no residency on file is unknown.</summary>
    public static Origin Of(bool studiedInHohhot, Graduates.Residency? residency) => (studiedInHohhot, residency) switch
    {
        (true, _) => Origin.Stay,
        (false, Graduates.Residency.HohhotHukou or Graduates.Residency.HohhotResident) => Origin.Return,
        (false, Graduates.Residency.External) => Origin.Come,
        _ => Origin.Unknown,
    };
}
