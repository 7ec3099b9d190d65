using System.Globalization;
using System.Text;
using Liuhu.Core.Catalogues;
using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Core.Outcomes;
using Liuhu.Core.Storage;
using Microsoft.Extensions.Options;
using static Liuhu.Core.Catalogues.Charts;

namespace Liuhu.Core.Programme;

public sealed record TargetProgress(string Code, string Name, int Achieved, int Target, double Share);

public sealed record Progress(
    DateTimeOffset AsOf,
    int Hired,
    int Goal,
    int Stretch,
    double ShareOfGoal,
    IReadOnlyList<TargetProgress> Targets,
    double? LeftSchoolUnemployedRate,
    double LeftSchoolUnemployedRateTarget,
    IReadOnlyList<NameCount> ByCluster,
    IReadOnlyList<NameCount> ByDistrict,
    IReadOnlyList<NameCount> ByMonth);

/// <summary>How far the programme is from its goals: graduates recorded as hired (each counted once, at their
/// first hire), by cluster, district and month (Beijing time), against the targets in configuration.</summary>
public sealed class ProgressService(IOutcomeStore outcomes, IVacancyStore vacancies, IGraduateStore graduates, TimeProvider time, IOptions<ProgrammeOptions> options)
{
    public async Task<Progress> ComputeAsync(CancellationToken cancellationToken)
    {
        var firstHire = new Dictionary<string, Outcome>(StringComparer.Ordinal);
        await foreach (var outcome in outcomes.ReadAllAsync(cancellationToken))
        {
            if (outcome.Event == OutcomeEvent.Hired && (!firstHire.TryGetValue(outcome.GraduateId, out var seen) || outcome.At < seen.At))
            {
                firstHire[outcome.GraduateId] = outcome;
            }
        }

        var posts = new Dictionary<string, Vacancy>(StringComparer.Ordinal);
        await foreach (var vacancy in vacancies.ReadAllAsync(cancellationToken))
        {
            posts[vacancy.VacancyId] = vacancy;
        }

        var leftSchool = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var graduate in graduates.ReadAllAsync(withPersonalData: false, cancellationToken))
        {
            if (graduate.LeftSchoolUnemployed)
            {
                leftSchool.Add(graduate.GraduateId);
            }
        }

        var hires = firstHire.Values.Select(o => (Outcome: o, Post: posts.GetValueOrDefault(o.VacancyId))).ToList();
        var o = options.Value;
        int Count(Func<Vacancy?, bool> where) => hires.Count(h => where(h.Post));
        var targets = new List<TargetProgress>
        {
            Target("manufacturing", "六大产业集群", Count(p => p?.Cluster is { } c && Clusters.ByCode(c).IsManufacturing), o.ManufacturingTarget),
            Target("services", "服务业和新业态", Count(p => p?.Cluster == "services"), o.ServicesTarget),
            Target("grassroots", "基层项目与公共岗位", Count(p => p?.Cluster == "public"), o.GrassrootsTarget),
        };
        double? rate = leftSchool.Count == 0 ? null : Math.Round(hires.Count(h => leftSchool.Contains(h.Outcome.GraduateId)) / (double)leftSchool.Count, 4);
        return new Progress(
            time.GetUtcNow(),
            hires.Count,
            o.Goal,
            o.Stretch,
            Math.Round(hires.Count / (double)o.Goal, 4),
            targets,
            rate,
            o.LeftSchoolUnemployedRateTarget,
            Group(hires.Select(h => h.Post?.Cluster is { } c ? Clusters.ByCode(c).Name : "未注明")),
            Group(hires.Select(h => h.Post?.District is { } d ? Districts.ByCode(d).Name : "未注明")),
            hires.GroupBy(h => Period.Of(h.Outcome.At).ToString()).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new NameCount(g.Key, g.Count())).ToList());
    }

    public static string RenderPage(Progress p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<header><h1>“五万大学生留呼”专项行动进展</h1><p>截至 {p.AsOf.ToOffset(Period.Beijing):yyyy-MM-dd HH:mm}（北京时间）</p></header><main>");
        body.Append(CultureInfo.InvariantCulture, $"<section aria-label=\"总体进度\"><h2>总体进度</h2><p>已记录就业 <strong id=\"hired\">{p.Hired:N0}</strong> 人，目标 {p.Goal:N0} 人（力争 {p.Stretch:N0} 人），完成 {p.ShareOfGoal:P1}。</p>");
        body.Append(CultureInfo.InvariantCulture, $"<div class=\"meter\" role=\"progressbar\" aria-valuemin=\"0\" aria-valuemax=\"{p.Goal}\" aria-valuenow=\"{p.Hired}\"><span style=\"width:{Math.Min(100, p.ShareOfGoal * 100):0.#}%\"></span></div></section>");
        body.Append("<h2>分项目标</h2>");
        body.Append(Bars("targets", "分项目标完成情况（%）", p.Targets.Select(t => (t.Name, Math.Round(t.Share * 100, 1))).ToList(), "%", "完成比例"));
        body.Append(Table(["分项", "已完成", "目标"], p.Targets.Select(t => new[] { t.Name, t.Achieved.ToString(CultureInfo.InvariantCulture), t.Target.ToString(CultureInfo.InvariantCulture) })));
        body.Append(CultureInfo.InvariantCulture, $"<p>离校未就业毕业生就业率：{(p.LeftSchoolUnemployedRate is { } r ? r.ToString("P1", CultureInfo.InvariantCulture) : "暂无数据")}（目标 {p.LeftSchoolUnemployedRateTarget:P0}）</p>");
        body.Append("<h2>分布</h2>");
        body.Append(Bars("by-cluster", "按产业集群", p.ByCluster.Select(n => (n.Name, (double)n.Count)).ToList(), "人", "就业人数"));
        body.Append(Bars("by-district", "按旗县区", p.ByDistrict.Select(n => (n.Name, (double)n.Count)).ToList(), "人", "就业人数"));
        body.Append(Bars("by-month", "按月份", p.ByMonth.Select(n => (n.Name, (double)n.Count)).ToList(), "人", "就业人数"));
        body.Append("</main><footer><p>毕业生可享受的政策见<a href=\"../../policies/page\">就业创业扶持政策清单</a>；各政策符合条件的毕业生人数见 /api/programme/policy-uptake。</p></footer>");
        return Page("五万大学生留呼 进展", body.ToString());
    }

    private static TargetProgress Target(string code, string name, int achieved, int target) =>
        new(code, name, achieved, target, target == 0 ? 0 : Math.Round(achieved / (double)target, 4));

    private static List<NameCount> Group(IEnumerable<string> names) =>
        names.GroupBy(n => n, StringComparer.Ordinal).Select(g => new NameCount(g.Key, g.Count())).OrderByDescending(n => n.Count).ToList();
}
