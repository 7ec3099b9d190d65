using System.Globalization;
using System.Text;

namespace Liuhu.Core.Catalogues;

/// <summary>The catalogue as a CSV that Excel opens correctly in Chinese: UTF-8 with a BOM, CRLF, quoted
/// fields, and cells that would start a formula (= + - @, tab, CR) neutralised with a leading apostrophe.</summary>
public static class CatalogueCsv
{
    public static byte[] Write(Catalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var csv = new StringBuilder();
        Row(csv, "期间", "产业集群", "岗位名称", "岗位数", "招聘人数", "企业数", "紧缺指数", "紧缺程度", "薪资P25", "薪资P50", "薪资P75");
        foreach (var cluster in catalogue.Clusters)
        {
            foreach (var title in cluster.Titles)
            {
                Row(csv, catalogue.Period, cluster.Name, title.Title, Number(title.Posts), Number(title.Headcount), Number(title.Employers),
                    cluster.ShortageIndex?.ToString("0.00", CultureInfo.InvariantCulture) ?? string.Empty, cluster.Level,
                    Number(cluster.Salary?.P25), Number(cluster.Salary?.P50), Number(cluster.Salary?.P75));
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

    private static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private static void Row(StringBuilder csv, params string?[] cells)
    {
        csv.AppendJoin(',', cells.Select(Cell));
        csv.Append("\r\n");
    }
}
