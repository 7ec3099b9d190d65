using System.Globalization;
using System.Net;
using System.Text;

namespace Liuhu.Core.Catalogues;

/// <summary>Inline SVG charts drawn on the server: they need no script and no CDN (the public site may be on a
/// closed network), scale to a phone's width, and come with a table of the same figures for screen readers.</summary>
public static class Charts
{
    public static string Bars(string id, string title, IReadOnlyList<(string Label, double Value)> bars, string unit, string valueHeader)
    {
        ArgumentNullException.ThrowIfNull(bars);
        const int rowHeight = 28;
        const int labelWidth = 170;
        const int width = 640;
        var max = bars.Count == 0 ? 1 : Math.Max(1e-9, bars.Max(b => b.Value));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg role=\"img\" aria-labelledby=\"{id}-title\" viewBox=\"0 0 {width} {(bars.Count * rowHeight) + 10}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{E(title)}</title>");
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, value) = bars[i];
            var y = (i * rowHeight) + 5;
            var barWidth = Math.Max(1, (width - labelWidth - 90) * value / max);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth - 8}\" y=\"{y + 17}\" text-anchor=\"end\" font-size=\"13\">{E(label)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{labelWidth}\" y=\"{y + 3}\" width=\"{barWidth:0.#}\" height=\"{rowHeight - 8}\" fill=\"#1f6fb2\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth + barWidth + 6:0.#}\" y=\"{y + 17}\" font-size=\"12\">{E(Format(value))}{E(unit)}</text>");
        }

        svg.Append("</svg>");
        return Figure(id, title, svg.ToString(), ["项目", valueHeader], bars.Select(b => new[] { b.Label, Format(b.Value) + unit }));
    }

    public static string Ranges(string id, string title, IReadOnlyList<(string Label, int Low, int Mid, int High)> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        const int rowHeight = 28;
        const int labelWidth = 170;
        const int width = 640;
        var max = ranges.Count == 0 ? 1 : ranges.Max(r => r.High);
        double X(int value) => labelWidth + ((width - labelWidth - 200) * value / (double)max);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg role=\"img\" aria-labelledby=\"{id}-title\" viewBox=\"0 0 {width} {(ranges.Count * rowHeight) + 10}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{E(title)}</title>");
        for (var i = 0; i < ranges.Count; i++)
        {
            var (label, low, mid, high) = ranges[i];
            var y = (i * rowHeight) + 5;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth - 8}\" y=\"{y + 17}\" text-anchor=\"end\" font-size=\"13\">{E(label)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{X(low):0.#}\" y=\"{y + 6}\" width=\"{Math.Max(2, X(high) - X(low)):0.#}\" height=\"{rowHeight - 14}\" fill=\"#8fb8de\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{X(mid) - 1.5:0.#}\" y=\"{y + 2}\" width=\"3\" height=\"{rowHeight - 6}\" fill=\"#0b3d6b\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(high) + 6:0.#}\" y=\"{y + 17}\" font-size=\"12\">{low}–{high}（中位 {mid}）</text>");
        }

        svg.Append("</svg>");
        return Figure(id, title, svg.ToString(), ["集群", "P25", "P50", "P75"],
            ranges.Select(r => new[] { r.Label, r.Low.ToString(CultureInfo.InvariantCulture), r.Mid.ToString(CultureInfo.InvariantCulture), r.High.ToString(CultureInfo.InvariantCulture) }));
    }

    public static string Table(IReadOnlyList<string> headers, IEnumerable<string[]> rows)
    {
        var html = new StringBuilder("<table><thead><tr>");
        foreach (var header in headers)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th scope=\"col\">{E(header)}</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                html.Append(CultureInfo.InvariantCulture, $"<td>{E(cell)}</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    public static string Page(string title, string body) => $$"""
        <!doctype html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{E(title)}}</title>
        <style>
        body { font-family: system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 0 auto; max-width: 56rem; padding: 1rem; line-height: 1.5; color: #1b1b1b; }
        h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
        figure { margin: 1rem 0; } figcaption { font-weight: 600; margin-bottom: .25rem; }
        table { border-collapse: collapse; width: 100%; font-size: .9rem; } th, td { border: 1px solid #ddd; padding: .25rem .5rem; text-align: left; }
        .summary { display: flex; flex-wrap: wrap; gap: 1rem; } .summary div { background: #f2f6fa; padding: .5rem 1rem; border-radius: 6px; }
        .meter { background: #e3e8ee; border-radius: 4px; height: 1.25rem; } .meter span { display: block; height: 100%; background: #1f6fb2; border-radius: 4px; }
        </style>
        </head>
        <body>
        {{body}}
        </body>
        </html>
        """;

    public static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    private static string Figure(string id, string title, string svg, IReadOnlyList<string> headers, IEnumerable<string[]> rows) =>
        $"<figure id=\"{id}\"><figcaption>{E(title)}</figcaption>{svg}<details><summary>数据表 Table</summary>{Table(headers, rows)}</details></figure>";

    private static string Format(double value) =>
        Math.Abs(value - Math.Round(value)) < 1e-9 ? ((long)Math.Round(value)).ToString("N0", CultureInfo.InvariantCulture) : value.ToString("0.00", CultureInfo.InvariantCulture);
}
