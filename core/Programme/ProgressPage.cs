using System.Globalization;
using System.Text;
using Liuhu.Core.Catalogues;
using static Liuhu.Core.Catalogues.Charts;

namespace Liuhu.Core.Programme;

/// <summary>The progress page: the stored figures as HTML with server-drawn charts and a table beside each.</summary>
public static class ProgressPage
{
    /// <param name="policiesLink">The policy list's address relative to the page's (pages live at different depths).</param>
    public static string Render(Progress p, string policiesLink = "../../policies/page")
    {
        ArgumentNullException.ThrowIfNull(p);
        var body = new StringBuilder();
        var when = p.Month is { } month ? $"{month} 月报（发布于 {p.AsOf.ToOffset(Period.Beijing):yyyy-MM-dd HH:mm}，北京时间）" : $"截至 {p.AsOf.ToOffset(Period.Beijing):yyyy-MM-dd HH:mm}（北京时间）";
        body.Append(CultureInfo.InvariantCulture, $"<header><h1>“五万大学生留呼”专项行动进展</h1><p>{E(p.Year > 0 ? $"{p.Year} 年度，" : string.Empty)}{E(when)}</p></header><main>");
        body.Append(CultureInfo.InvariantCulture, $"<section aria-label=\"总体进度\"><h2>总体进度</h2><p>已实现就业创业 <strong id=\"hired\">{p.Hired:N0}</strong> 人（每人按首个就业渠道计一次），目标 {p.Goal:N0} 人（力争 {p.Stretch:N0} 人），完成 {p.ShareOfGoal:P1}。</p>");
        body.Append(CultureInfo.InvariantCulture, $"<div class=\"meter\" role=\"progressbar\" aria-valuemin=\"0\" aria-valuemax=\"{p.Goal}\" aria-valuenow=\"{p.Hired}\"><span style=\"width:{Math.Min(100, p.ShareOfGoal * 100):0.#}%\"></span></div></section>");
        body.Append("<h2>分项目标</h2>");
        body.Append(Bars("targets", "分项目标完成情况（%）", p.Targets.Select(t => (t.Name, Math.Round(t.Share * 100, 2))).ToList(), "%", "完成比例"));
        body.Append(Table(["分项", "牵头单位", "已完成", "目标"], p.Targets.Select(t => new[] { t.Name, t.LeadUnit ?? string.Empty, N(t.Achieved), N(t.Target) })));
        body.Append(CultureInfo.InvariantCulture, $"<p>离校未就业毕业生就业率：{(p.LeftSchoolUnemployedRate is { } r ? r.ToString("P1", CultureInfo.InvariantCulture) : "暂无数据")}（目标 {p.LeftSchoolUnemployedRateTarget:P0}）</p>");
        body.Append("<h2>就业渠道与来源</h2>");
        body.Append(Bars("by-route", "按就业渠道", p.ByRoute.Select(r => (r.Name, (double)r.Count)).ToList(), "人", "就业人数"));
        body.Append(Bars("by-origin", "来呼、回呼、留呼", p.ByOrigin.Select(o => (o.Name, (double)o.Count)).ToList(), "人", "就业人数"));
        body.Append("<p class=\"note\">留呼：驻呼高校毕业生留在呼和浩特；回呼：在外地高校毕业、呼和浩特户籍或常住的毕业生回到呼和浩特；来呼：外地高校毕业的外地生源来呼和浩特。</p>");
        body.Append("<h2>分布</h2>");
        body.Append(Bars("by-cluster", "按产业集群", Counts(p.ByCluster), "人", "就业人数"));
        body.Append(Bars("by-district", "按旗县区", Counts(p.ByDistrict), "人", "就业人数"));
        body.Append(Bars("by-university", "按毕业院校", Counts(p.ByUniversity), "人", "就业人数"));
        body.Append(Bars("by-month", "按月份", Counts(p.ByMonth), "人", "就业人数"));
        body.Append("<h2>重点活动指标</h2>");
        body.Append(Bars("activities", "重点活动完成情况（%）", p.Activities.Select(a => (a.Name, Math.Round(a.Share * 100, 1))).ToList(), "%", "完成比例"));
        body.Append(Table(["指标", "牵头单位", "完成", "目标", "单位", "方案条目"], p.Activities.Select(a => new[] { a.Name, a.LeadUnit, N(a.Achieved), N(a.Target), a.Unit, a.PlanItem })));
        body.Append(CultureInfo.InvariantCulture, $"</main><footer><p>毕业生可享受的政策见<a href=\"{E(policiesLink)}\">就业创业扶持政策清单</a>。</p></footer>");
        return Page("五万大学生留呼 进展", body.ToString());
    }

    private static List<(string, double)> Counts(IReadOnlyList<NameCount> counts) => counts.Select(n => (n.Name, (double)n.Count)).ToList();

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
