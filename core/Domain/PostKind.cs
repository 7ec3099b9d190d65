using System.Text.Json.Serialization;

namespace Liuhu.Core.Domain;

/// <summary>岗位类别: what kind of post it is, which decides policies such as 见习补贴 or 三支一扶 (plan item 15).
/// Optional in a ledger: a post whose ledger does not say has no kind, not 普通.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PostKind>))]
public enum PostKind
{
    [JsonStringEnumMemberName("regular")]
    Regular,

    [JsonStringEnumMemberName("internship")]
    Internship,

    [JsonStringEnumMemberName("grassroots")]
    Grassroots,

    [JsonStringEnumMemberName("public_institution")]
    PublicInstitution,

    [JsonStringEnumMemberName("public_welfare")]
    PublicWelfare,

    [JsonStringEnumMemberName("dispatch")]
    Dispatch,
}

public static class PostKinds
{
    private static readonly NamedCodes<PostKind> All = new(
        (PostKind.Regular, "regular", "普通岗位", ["普通", "一般岗位", "企业岗位"]),
        (PostKind.Internship, "internship", "就业见习岗位", ["见习", "见习岗位", "青年见习", "就业见习"]),
        (PostKind.Grassroots, "grassroots", "三支一扶/基层项目", ["三支一扶", "基层项目", "基层服务项目", "西部志愿者", "民生志愿服务"]),
        (PostKind.PublicInstitution, "public_institution", "事业单位岗位", ["事业单位", "事业编"]),
        (PostKind.PublicWelfare, "public_welfare", "公益性岗位", ["公益性", "公益岗"]),
        (PostKind.Dispatch, "dispatch", "劳务派遣/外包", ["劳务派遣", "派遣", "外包", "服务外包"]));

    public static IEnumerable<PostKind> Values => All.Values;

    public static bool TryParse(string? text, out PostKind value) => All.TryParse(text, out value);

    public static string Code(PostKind value) => All.Code(value);

    public static string ChineseName(PostKind value) => All.ChineseName(value);
}
