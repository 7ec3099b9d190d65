namespace Liuhu.Core.Domain;

/// <summary>An industry cluster of the 2024 五万大学生留呼 programme (the six clusters, plus services and
/// public posts, which the plan counts separately).</summary>
public sealed record Cluster(string Code, string Name, bool IsManufacturing, IReadOnlyList<string> Aliases);

public static class Clusters
{
    public static readonly IReadOnlyList<Cluster> All =
    [
        new("green-agrifood", "绿色农畜产品加工", true, ["绿色农畜产品精深加工", "农畜产品加工", "农畜产品", "乳业", "乳制品"]),
        new("new-materials", "新材料", true, ["新材料产业"]),
        new("new-energy", "新能源", true, ["新能源产业", "清洁能源"]),
        new("biomedicine", "生物医药", true, ["生物医药产业", "医药"]),
        new("next-gen-it", "新一代信息技术", true, ["信息技术", "电子信息", "大数据", "数字经济"]),
        new("modern-equipment", "现代装备制造", true, ["装备制造", "先进装备制造", "高端装备制造"]),
        new("services", "现代服务业", false, ["服务业", "服务业和新业态", "新业态", "平台经济", "电子商务", "快递物流"]),
        new("public", "公共岗位", false, ["公益性岗位", "公共服务", "事业单位", "基层服务", "基层项目", "公共部门"]),
    ];

    private static readonly Dictionary<string, Cluster> Lookup = BuildLookup();

    public static bool TryParse(string? text, out Cluster cluster)
    {
        var folded = TextNormalizer.FoldWithoutWhitespace(text);
        if (Lookup.TryGetValue(folded, out cluster!))
        {
            return true;
        }

        foreach (var suffix in new[] { "产业集群", "集群", "产业", "行业" })
        {
            if (folded.Length > suffix.Length && folded.EndsWith(suffix, StringComparison.Ordinal)
                && Lookup.TryGetValue(folded[..^suffix.Length], out cluster!))
            {
                return true;
            }
        }

        cluster = null!;
        return false;
    }

    public static Cluster ByCode(string code) => All.First(c => c.Code == code);

    private static Dictionary<string, Cluster> BuildLookup()
    {
        var lookup = new Dictionary<string, Cluster>(StringComparer.OrdinalIgnoreCase);
        foreach (var cluster in All)
        {
            lookup[cluster.Code] = cluster;
            lookup[cluster.Name] = cluster;
            foreach (var alias in cluster.Aliases)
            {
                lookup[alias] = cluster;
            }
        }

        return lookup;
    }
}
