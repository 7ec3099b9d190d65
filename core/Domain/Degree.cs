namespace Liuhu.Core.Domain;

/// <summary>Degree levels in the order a requirement compares them: a post asking for 本科 accepts 硕士.</summary>
public enum Degree
{
    Any = 0,
    Secondary = 1,
    Associate = 2,
    Bachelor = 3,
    Master = 4,
    Doctorate = 5,
}

public static class Degrees
{
    private static readonly Dictionary<string, Degree> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["不限"] = Degree.Any, ["无"] = Degree.Any, ["学历不限"] = Degree.Any, ["any"] = Degree.Any,
        ["中专"] = Degree.Secondary, ["中职"] = Degree.Secondary, ["技校"] = Degree.Secondary, ["高中"] = Degree.Secondary, ["secondary"] = Degree.Secondary,
        ["大专"] = Degree.Associate, ["专科"] = Degree.Associate, ["高职"] = Degree.Associate, ["高职高专"] = Degree.Associate, ["associate"] = Degree.Associate,
        ["本科"] = Degree.Bachelor, ["学士"] = Degree.Bachelor, ["大学本科"] = Degree.Bachelor, ["bachelor"] = Degree.Bachelor,
        ["硕士"] = Degree.Master, ["研究生"] = Degree.Master, ["硕士研究生"] = Degree.Master, ["master"] = Degree.Master,
        ["博士"] = Degree.Doctorate, ["博士研究生"] = Degree.Doctorate, ["doctorate"] = Degree.Doctorate, ["phd"] = Degree.Doctorate,
    };

    public static bool TryParse(string? text, out Degree degree)
    {
        var folded = TextNormalizer.FoldWithoutWhitespace(text);
        foreach (var suffix in new[] { "及以上学历", "及以上", "以上学历", "以上", "学历" })
        {
            if (folded.Length > suffix.Length && folded.EndsWith(suffix, StringComparison.Ordinal))
            {
                folded = folded[..^suffix.Length];
                break;
            }
        }

        return Aliases.TryGetValue(folded, out degree);
    }

    public static string ChineseName(Degree degree) => degree switch
    {
        Degree.Any => "不限",
        Degree.Secondary => "中专",
        Degree.Associate => "大专",
        Degree.Bachelor => "本科",
        Degree.Master => "硕士",
        Degree.Doctorate => "博士",
        _ => throw new ArgumentOutOfRangeException(nameof(degree)),
    };

    public static string Code(Degree degree) => degree.ToString().ToLowerInvariant();
}
