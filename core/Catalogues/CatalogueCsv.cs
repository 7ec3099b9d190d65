using System.Globalization;
using System.Text;

namespace Liuhu.Core.Catalogues;

/// <summary>The catalogue as a CSV that Excel opens correctly in Chinese: UTF-8 with a BOM, CRLF, quoted
/// fields, and cells that would start a formula (= + - @, tab, CR) neutralised with a leading apostrophe.</summary>
/// <remarks>The first column says what a row is. 紧缺指数, 紧缺程度 and pay quartiles belong to a cluster, so they
/// appear on the 总体 and 集群 rows only; a 岗位 row carries its own counts and leaves those columns empty, so no
/// one reads a cluster's figures as a post's. 岗位类别 and 企业标签 rows give each group's counts once, named in 分组.</remarks>
public static class CatalogueCsv
{
    public const string OverallRow = "总体";
    public const string ClusterRow = "集群";
    public const string TitleRow = "岗位";
    public const string PostKindRow = "岗位类别";
    public const string EmployerTagRow = "企业标签";

    public static byte[] Write(Catalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var csv = new StringBuilder();
        Row(csv, "记录类型", "期间", "产业集群", "岗位名称", "岗位数", "招聘人数", "企业数", "紧缺指数", "紧缺程度", "薪资P25", "薪资P50", "薪资P75", "分组");
        ClusterFigures(csv, OverallRow, catalogue.Period, catalogue.Overall);
        foreach (var cluster in catalogue.Clusters)
        {
            ClusterFigures(csv, ClusterRow, catalogue.Period, cluster);
        }

        foreach (var group in catalogue.PostKinds)
        {
            GroupFigures(csv, PostKindRow, catalogue.Period, group);
        }

        foreach (var group in catalogue.EmployerTags)
        {
            GroupFigures(csv, EmployerTagRow, catalogue.Period, group);
        }

        foreach (var cluster in catalogue.Clusters)
        {
            foreach (var title in cluster.Titles)
            {
                Row(csv, TitleRow, catalogue.Period, cluster.Name, title.Title, Number(title.Posts), Number(title.Headcount), Number(title.Employers));
            }
        }

        var preamble = Encoding.UTF8.GetPreamble();
        return [.. preamble, .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    public static string Cell(string? value)
    {
        var text = value ?? string.Empty;
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }

        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    private static void ClusterFigures(StringBuilder csv, string kind, string period, ClusterDemand cluster) =>
        Row(csv, kind, period, cluster.Name, string.Empty, Number(cluster.Posts), Number(cluster.Headcount), Number(cluster.Employers),
            cluster.ShortageIndex?.ToString("0.00", CultureInfo.InvariantCulture) ?? string.Empty, cluster.Level,
            Number(cluster.Salary?.P25), Number(cluster.Salary?.P50), Number(cluster.Salary?.P75));

    /// <summary>A 岗位类别 or 企业标签 row: its group in the last column (分组), its own counts, no cluster or title.</summary>
    private static void GroupFigures(StringBuilder csv, string kind, string period, GroupDemand group) =>
        Row(csv, kind, period, string.Empty, string.Empty, Number(group.Posts), Number(group.Headcount), Number(group.Employers),
            string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, group.Name);

    private static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private static void Row(StringBuilder csv, params string?[] cells)
    {
        csv.AppendJoin(',', cells.Select(Cell));
        csv.Append("\r\n");
    }
}
