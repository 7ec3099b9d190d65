using System.Globalization;
using Liuhu.Core.Catalogues;
using SpreadCheetah;
using SpreadCheetah.Styling;
using SpreadCheetah.Worksheets;

namespace Liuhu.Core.Programme;

/// <summary>The monthly report as the bureau lays it out: one sheet per table, each with the columns 单位, 指标, 目标,
/// 完成, 完成率; a table without targets (a breakdown) leaves 目标 and 完成率 empty. Figures are numbers, 完成率 a
/// percentage; text is written as text cells, never formulas. Made from a stored document, so a published month
/// gives the same workbook every time.</summary>
public static class ProgressReportXlsx
{
    public const string AboutSheet = "说明";
    public const string TargetsSheet = "总体目标";
    public const string RoutesSheet = "就业渠道";
    public const string OriginsSheet = "来呼回呼留呼";
    public const string DistrictsSheet = "旗县区";
    public const string UniversitiesSheet = "高校";
    public const string ClustersSheet = "产业集群";
    public const string MonthsSheet = "月度";
    public const string ActivitiesSheet = "重点活动";
    public const string ActivityUnitsSheet = "重点活动分单位";

    public static readonly IReadOnlyList<string> Columns = ["单位", "指标", "目标", "完成", "完成率"];

    private const string City = "全市";
    private const string Employed = "就业创业人数";

    private sealed record Line(string Unit, string Indicator, double? Target, double Achieved, double? Share);

    public static async Task<byte[]> WriteAsync(Progress p, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(p);
        using var stream = new MemoryStream();
        await using (var spreadsheet = await Spreadsheet.CreateNewAsync(stream, cancellationToken: cancellationToken))
        {
            var styles = new Styles(
                spreadsheet.AddStyle(new Style { Font = { Bold = true } }),
                spreadsheet.AddStyle(new Style { Format = NumberFormat.Custom("0.0%") }));

            await spreadsheet.StartWorksheetAsync(AboutSheet, Widths(14, 60), cancellationToken);
            await spreadsheet.AddRowAsync([new Cell("项目", styles.Bold), new Cell("内容", styles.Bold)], cancellationToken);
            await spreadsheet.AddRowAsync([new Cell("报表"), new Cell("2024年“五万大学生留呼”专项行动进展月报（呼政发〔2024〕1号）")], cancellationToken);
            await spreadsheet.AddRowAsync([new Cell("年度"), new Cell(p.Year)], cancellationToken);
            await spreadsheet.AddRowAsync([new Cell("月份"), new Cell(p.Month ?? "实时")], cancellationToken);
            await spreadsheet.AddRowAsync([new Cell("数据截至"), new Cell(p.AsOf.ToOffset(Period.Beijing).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + "（北京时间）")], cancellationToken);
            await spreadsheet.AddRowAsync([new Cell("计数规则"), new Cell("每名毕业生在年度内按最早的就业日期、首个就业渠道计一次；月报计至当月末")], cancellationToken);

            var overall = new List<Line>
            {
                new(City, "大学生来呼回呼留呼就业创业", p.Goal, p.Hired, p.ShareOfGoal),
                new(City, "大学生来呼回呼留呼就业创业（力争）", p.Stretch, p.Hired, p.Stretch == 0 ? null : Math.Round(p.Hired / (double)p.Stretch, 4)),
            };
            overall.AddRange(p.Targets.Select(t => new Line(t.LeadUnit ?? City, t.Name, t.Target, t.Achieved, t.Share)));
            if (p.LeftSchoolUnemployedRate is { } rate)
            {
                overall.Add(new Line("市人社局", "离校未就业高校毕业生就业率", p.LeftSchoolUnemployedRateTarget, rate,
                    p.LeftSchoolUnemployedRateTarget == 0 ? null : Math.Round(rate / p.LeftSchoolUnemployedRateTarget, 4)));
            }

            await SheetAsync(spreadsheet, styles, TargetsSheet, overall, cancellationToken);
            await SheetAsync(spreadsheet, styles, RoutesSheet, p.ByRoute.Select(r => new Line(City, r.Name, null, r.Count, null)), cancellationToken);
            await SheetAsync(spreadsheet, styles, OriginsSheet, p.ByOrigin.Select(o => new Line(City, o.Name, null, o.Count, null)), cancellationToken);
            await SheetAsync(spreadsheet, styles, DistrictsSheet, p.ByDistrict.Select(n => new Line(n.Name, Employed, null, n.Count, null)), cancellationToken);
            await SheetAsync(spreadsheet, styles, UniversitiesSheet, p.ByUniversity.Select(n => new Line(n.Name, Employed, null, n.Count, null)), cancellationToken);
            await SheetAsync(spreadsheet, styles, ClustersSheet, p.ByCluster.Select(n => new Line(City, n.Name, null, n.Count, null)), cancellationToken);
            await SheetAsync(spreadsheet, styles, MonthsSheet, p.ByMonth.Select(n => new Line(City, n.Name, null, n.Count, null)), cancellationToken);
            await SheetAsync(spreadsheet, styles, ActivitiesSheet,
                p.Activities.Select(a => new Line(a.LeadUnit, $"{a.Name}（{a.Unit}）", a.Target, a.Achieved, a.Share)), cancellationToken);
            await SheetAsync(spreadsheet, styles, ActivityUnitsSheet,
                p.Activities.SelectMany(a => a.ByUnit.Select(u => new Line(u.Name, $"{a.Name}（{a.Unit}）", null, u.Count, null))), cancellationToken);
            await spreadsheet.FinishAsync(cancellationToken);
        }

        return stream.ToArray();
    }

    private sealed record Styles(StyleId Bold, StyleId Percent);

    private static async Task SheetAsync(Spreadsheet spreadsheet, Styles styles, string name, IEnumerable<Line> lines, CancellationToken cancellationToken)
    {
        await spreadsheet.StartWorksheetAsync(name, Widths(22, 40, 12, 12, 10), cancellationToken);
        await spreadsheet.AddRowAsync([.. Columns.Select(c => new Cell(c, styles.Bold))], cancellationToken);
        foreach (var line in lines)
        {
            await spreadsheet.AddRowAsync(
            [
                new Cell(line.Unit), new Cell(line.Indicator), new Cell(line.Target), new Cell(line.Achieved),
                line.Share is { } share ? new Cell(share, styles.Percent) : new Cell((string?)null),
            ], cancellationToken);
        }
    }

    private static WorksheetOptions Widths(params double[] widths)
    {
        var options = new WorksheetOptions { FrozenRows = 1 };
        for (var i = 0; i < widths.Length; i++)
        {
            options.Column(i + 1).Width = widths[i];
        }

        return options;
    }
}
