using SpreadCheetah;
using SpreadCheetah.Styling;
using SpreadCheetah.Worksheets;

namespace Liuhu.Core.Catalogues;

/// <summary>The catalogue as an .xlsx workbook: 总体 (the period's totals and how shortage is judged), 集群 (one row
/// per cluster with its cluster-level figures: 紧缺指数, pay quartiles, degree mix, top majors and skills) and 岗位
/// (one row per post title with its own counts only), 岗位类别 and 企业标签 (one row per group with its counts). Text is written as text cells, never as formulas, so a title
/// such as "=cmd|…" from a ledger stays inert; counts are numbers.</summary>
public static class CatalogueXlsx
{
    public const string OverallSheet = "总体";
    public const string ClusterSheet = "集群";
    public const string TitleSheet = "岗位";
    public const string PostKindSheet = "岗位类别";
    public const string EmployerTagSheet = "企业标签";

    public static async Task<byte[]> WriteAsync(Catalogue catalogue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        using var stream = new MemoryStream();
        await using (var spreadsheet = await Spreadsheet.CreateNewAsync(stream, cancellationToken: cancellationToken))
        {
            var bold = spreadsheet.AddStyle(new Style { Font = { Bold = true } });
            await spreadsheet.StartWorksheetAsync(OverallSheet, Widths(14, 90), cancellationToken);
            var overall = catalogue.Overall;
            await Header(spreadsheet, bold, cancellationToken, "项目", "数值");
            await spreadsheet.AddRowAsync([new Cell("期间"), new Cell(catalogue.Period)], cancellationToken);
            await spreadsheet.AddRowAsync([new Cell("发布时间"), new Cell(catalogue.PublishedAt.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture))], cancellationToken);
            await spreadsheet.AddRowAsync([new Cell("岗位数"), new Cell(overall.Posts)], cancellationToken);
            await spreadsheet.AddRowAsync([new Cell("招聘人数"), new Cell(overall.Headcount)], cancellationToken);
            await spreadsheet.AddRowAsync([new Cell("企业数"), new Cell(overall.Employers)], cancellationToken);
            await spreadsheet.AddRowAsync([new Cell("紧缺指数"), new Cell(overall.ShortageIndex)], cancellationToken);
            await spreadsheet.AddRowAsync([new Cell("紧缺程度"), new Cell(overall.Level)], cancellationToken);
            await spreadsheet.AddRowAsync([new Cell("薪资P25/P50/P75"), new Cell(Quartiles(overall.Salary))], cancellationToken);
            await spreadsheet.AddRowAsync([new Cell("紧缺规则"), new Cell(catalogue.ShortageRule)], cancellationToken);

            await spreadsheet.StartWorksheetAsync(ClusterSheet, Widths(18, 10, 10, 10, 10, 10, 10, 10, 10, 30, 40, 40), cancellationToken);
            await Header(spreadsheet, bold, cancellationToken, "产业集群", "岗位数", "招聘人数", "企业数", "紧缺指数", "紧缺程度", "薪资P25", "薪资P50", "薪资P75", "学历分布", "热门专业", "热门技能");
            foreach (var cluster in catalogue.Clusters)
            {
                await spreadsheet.AddRowAsync(
                [
                    new Cell(cluster.Name), new Cell(cluster.Posts), new Cell(cluster.Headcount), new Cell(cluster.Employers),
                    new Cell(cluster.ShortageIndex), new Cell(cluster.Level),
                    new Cell(cluster.Salary?.P25), new Cell(cluster.Salary?.P50), new Cell(cluster.Salary?.P75),
                    new Cell(Counts(cluster.DegreeMix)), new Cell(Counts(cluster.TopMajors)), new Cell(Counts(cluster.TopSkills)),
                ], cancellationToken);
            }

            await spreadsheet.StartWorksheetAsync(TitleSheet, Widths(18, 30, 10, 10, 10), cancellationToken);
            await Header(spreadsheet, bold, cancellationToken, "产业集群", "岗位名称", "岗位数", "招聘人数", "企业数");
            foreach (var cluster in catalogue.Clusters)
            {
                foreach (var title in cluster.Titles)
                {
                    await spreadsheet.AddRowAsync([new Cell(cluster.Name), new Cell(title.Title), new Cell(title.Posts), new Cell(title.Headcount), new Cell(title.Employers)], cancellationToken);
                }
            }

            await GroupSheet(spreadsheet, bold, PostKindSheet, catalogue.PostKinds, cancellationToken);
            await GroupSheet(spreadsheet, bold, EmployerTagSheet, catalogue.EmployerTags, cancellationToken);
            await spreadsheet.FinishAsync(cancellationToken);
        }

        return stream.ToArray();
    }

    private static async Task GroupSheet(Spreadsheet spreadsheet, StyleId bold, string name, IReadOnlyList<GroupDemand> groups, CancellationToken cancellationToken)
    {
        await spreadsheet.StartWorksheetAsync(name, Widths(20, 10, 10, 10), cancellationToken);
        await Header(spreadsheet, bold, cancellationToken, name, "岗位数", "招聘人数", "企业数");
        foreach (var group in groups)
        {
            await spreadsheet.AddRowAsync([new Cell(group.Name), new Cell(group.Posts), new Cell(group.Headcount), new Cell(group.Employers)], cancellationToken);
        }
    }

    private static ValueTask Header(Spreadsheet spreadsheet, StyleId bold, CancellationToken cancellationToken, params string[] names) =>
        spreadsheet.AddRowAsync([.. names.Select(n => new Cell(n, bold))], cancellationToken);

    private static WorksheetOptions Widths(params double[] widths)
    {
        var options = new WorksheetOptions { FrozenRows = 1 };
        for (var i = 0; i < widths.Length; i++)
        {
            options.Column(i + 1).Width = widths[i];
        }

        return options;
    }

    private static string Quartiles(SalaryQuartiles? salary) => salary is { } s
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{s.P25}/{s.P50}/{s.P75}")
        : string.Empty;

    private static string Counts(IReadOnlyList<NameCount> counts) =>
        string.Join("、", counts.Select(c => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{c.Name}（{c.Count}）")));
}
