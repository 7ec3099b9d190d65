using Liuhu.Core.Domain;

namespace Liuhu.Core.Fairs;

public static class FairKinds
{
    private static readonly NamedCodes<FairKind> All = new(
        (FairKind.Special, "special", "专场招聘会", ["专场", "专场招聘", "专项招聘", "专项招聘活动"]),
        (FairKind.Campus, "campus", "校园招聘会", ["校园", "校园招聘", "校招"]),
        (FairKind.Online, "online", "线上招聘会", ["线上", "线上招聘", "网络招聘会", "直播带岗"]));

    public static IEnumerable<FairKind> Values => All.Values;

    public static bool TryParse(string? text, out FairKind value) => All.TryParse(text, out value);

    public static string Code(FairKind value) => All.Code(value);

    public static string ChineseName(FairKind value) => All.ChineseName(value);
}
