using System.Text.Json.Serialization;

namespace Liuhu.Core.Domain;

/// <summary>企业标签: what the programme says about the employer behind a post. The plan asks 链主企业 to expand
/// hiring and 专精特新 enterprises to be fostered (一、(一)); 国有 / 民营 are the ownership the bureau reports by.
/// A post may carry several (a state-owned chain leader).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EmployerTag>))]
public enum EmployerTag
{
    [JsonStringEnumMemberName("specialised")]
    Specialised,

    [JsonStringEnumMemberName("chain_leader")]
    ChainLeader,

    [JsonStringEnumMemberName("state_owned")]
    StateOwned,

    [JsonStringEnumMemberName("private")]
    Private,
}

public static class EmployerTags
{
    private static readonly NamedCodes<EmployerTag> All = new(
        (EmployerTag.Specialised, "specialised", "专精特新企业", ["专精特新", "专精特新小巨人", "专精特新“小巨人”企业", "专精特新小巨人企业", "小巨人企业", "专精特新中小企业"]),
        (EmployerTag.ChainLeader, "chain_leader", "链主企业", ["链主", "产业链链主", "链主单位"]),
        (EmployerTag.StateOwned, "state_owned", "国有企业", ["国有", "国企", "央企", "国有控股", "国有控股企业"]),
        (EmployerTag.Private, "private", "民营企业", ["民营", "民企", "私营", "私营企业"]));

    public static IEnumerable<EmployerTag> Values => All.Values;

    public static bool TryParse(string? text, out EmployerTag value) => All.TryParse(text, out value);

    public static string Code(EmployerTag value) => All.Code(value);

    public static string ChineseName(EmployerTag value) => All.ChineseName(value);

    /// <summary>The names a ledger may use, for error messages and the template guide.</summary>
    public static string NameList => string.Join("、", Values.Select(ChineseName));
}
