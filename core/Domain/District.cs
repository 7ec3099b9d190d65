namespace Liuhu.Core.Domain;

/// <summary>A county-level area of Hohhot, including the two development zones the plan names.</summary>
public sealed record District(string Code, string Name, IReadOnlyList<string> Aliases);

public static class Districts
{
    public static readonly IReadOnlyList<District> All =
    [
        new("xincheng", "新城区", ["新城"]),
        new("huimin", "回民区", ["回民"]),
        new("yuquan", "玉泉区", ["玉泉"]),
        new("saihan", "赛罕区", ["赛罕"]),
        new("tumed-left", "土默特左旗", ["土左旗", "土左"]),
        new("togtoh", "托克托县", ["托县", "托克托"]),
        new("horinger", "和林格尔县", ["和林县", "和林"]),
        new("qingshuihe", "清水河县", ["清水河"]),
        new("wuchuan", "武川县", ["武川"]),
        new("etdz", "经济技术开发区", ["经开区", "呼和浩特经济技术开发区", "经济开发区", "金桥开发区"]),
        new("horinger-new-area", "和林格尔新区", ["和林新区", "和林格尔新区管委会"]),
    ];

    private static readonly string[] Prefixes = ["内蒙古自治区", "内蒙古", "呼和浩特市", "呼和浩特", "呼市"];

    // Longest first, so that 和林格尔新区 is not read as 和林格尔县's short name 和林.
    private static readonly (string Alias, District District)[] ByLength = All
        .SelectMany(d => d.Aliases.Append(d.Name).Append(d.Code).Select(a => (a, d)))
        .OrderByDescending(p => p.Item1.Length)
        .ToArray();

    public static bool TryParse(string? text, out District district)
    {
        var folded = TextNormalizer.FoldWithoutWhitespace(text);
        foreach (var prefix in Prefixes)
        {
            if (folded.StartsWith(prefix, StringComparison.Ordinal) && folded.Length > prefix.Length)
            {
                folded = folded[prefix.Length..];
                break;
            }
        }

        foreach (var (alias, candidate) in ByLength)
        {
            if (string.Equals(folded, alias, StringComparison.OrdinalIgnoreCase))
            {
                district = candidate;
                return true;
            }
        }

        // An address such as 赛罕区敕勒川大街1号: the district is its first part.
        foreach (var (alias, candidate) in ByLength)
        {
            if (alias.Length >= 2 && !IsAscii(alias) && folded.StartsWith(alias, StringComparison.Ordinal))
            {
                district = candidate;
                return true;
            }
        }

        district = null!;
        return false;
    }

    public static District ByCode(string code) => All.First(d => d.Code == code);

    private static bool IsAscii(string s) => s.All(char.IsAscii);
}
