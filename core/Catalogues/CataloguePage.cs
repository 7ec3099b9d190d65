using System.Globalization;
using System.Text;
using static Liuhu.Core.Catalogues.Charts;

namespace Liuhu.Core.Catalogues;

/// <summary>The catalogue as a self-contained Chinese page: headings, charts, and the tables behind them.</summary>
public static class CataloguePage
{
    public static string Render(Catalogue c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<header><h1>呼和浩特市人才需求目录（{E(c.Period)}）</h1><p>发布时间 {c.PublishedAt.ToOffset(Period.Beijing):yyyy-MM-dd HH:mm}（北京时间）</p></header><main>");
        body.Append(CultureInfo.InvariantCulture, $"<section class=\"summary\" aria-label=\"概况\"><div>在招岗位 <strong>{c.Overall.Posts:N0}</strong></div><div>招聘人数 <strong id=\"total-headcount\">{c.Overall.Headcount:N0}</strong></div><div>用人单位 <strong>{c.Overall.Employers:N0}</strong></div></section>");
        body.Append("<h2>各产业集群需求</h2>");
        body.Append(Bars("headcount", "各产业集群招聘人数", c.Clusters.Select(x => (x.Name, (double)x.Headcount)).ToList(), "人", "招聘人数"));
        body.Append(Bars("shortage", "各产业集群紧缺指数", c.Clusters.Select(x => ($"{x.Name}（{x.Level}）", x.ShortageIndex ?? 0)).ToList(), string.Empty, "紧缺指数"));
        body.Append(CultureInfo.InvariantCulture, $"<p><small>{E(c.ShortageRule)}</small></p>");
        body.Append(Ranges("salary", "各产业集群月薪区间（元，P25–P75）", c.Clusters.Where(x => x.Salary is not null).Select(x => (x.Name, x.Salary!.P25, x.Salary.P50, x.Salary.P75)).ToList()));
        body.Append("<h2>热门岗位</h2>");
        body.Append(Bars("top-posts", "招聘人数最多的岗位", c.Overall.Titles.Take(10).Select(t => (t.Title, (double)t.Headcount)).ToList(), "人", "招聘人数"));
        foreach (var cluster in c.Clusters)
        {
            body.Append(CultureInfo.InvariantCulture, $"<h2>{E(cluster.Name)}</h2><p>在招岗位 {cluster.Posts}，招聘 {cluster.Headcount} 人，{cluster.Employers} 家单位；紧缺程度：{E(cluster.Level)}。");
            body.Append(CultureInfo.InvariantCulture, $"需求专业：{E(string.Join("、", cluster.TopMajors.Take(5).Select(m => m.Name)))}；需求技能：{E(string.Join("、", cluster.TopSkills.Take(5).Select(m => m.Name)))}。</p>");
            body.Append(Table(["岗位名称", "岗位数", "招聘人数", "单位数"], cluster.Titles.Take(15).Select(t => new[] { t.Title, Num(t.Posts), Num(t.Headcount), Num(t.Employers) })));
        }

        // Shown once any ledger has filled either column; before that it would be a single 未注明 bar.
        if (c.PostKinds.Concat(c.EmployerTags).Any(g => g.Code != CatalogueBuilder.Unspecified))
        {
            body.Append("<h2>按岗位类别与企业标签</h2>");
            body.Append(Bars("post-kinds", "各岗位类别招聘人数", c.PostKinds.Select(g => (g.Name, (double)g.Headcount)).ToList(), "人", "招聘人数"));
            body.Append(Table(["岗位类别", "岗位数", "招聘人数", "单位数"], c.PostKinds.Select(g => new[] { g.Name, Num(g.Posts), Num(g.Headcount), Num(g.Employers) })));
            body.Append(Bars("employer-tags", "各类企业招聘人数（同一岗位可属多类）", c.EmployerTags.Select(g => (g.Name, (double)g.Headcount)).ToList(), "人", "招聘人数"));
            body.Append(Table(["企业标签", "岗位数", "招聘人数", "单位数"], c.EmployerTags.Select(g => new[] { g.Name, Num(g.Posts), Num(g.Headcount), Num(g.Employers) })));
        }

        body.Append("<h2>较上期变化</h2>");
        body.Append(CultureInfo.InvariantCulture, $"<p>新增岗位：{E(c.Change.NewTitles.Count == 0 ? "无" : string.Join("、", c.Change.NewTitles))}</p>");
        body.Append(Table(["岗位", "上期", "本期"], c.Change.Grown.Concat(c.Change.Shrunk).Select(t => new[] { t.Title, Num(t.Before), Num(t.After) })));
        body.Append(CultureInfo.InvariantCulture, $"<h2>在招超过 {CatalogueBuilder.LongOpenDays} 天的岗位</h2>");
        body.Append(Table(["岗位", "单位", "招聘人数", "已在招天数"], c.LongOpen.Select(p => new[] { p.Title, p.EmployerName, Num(p.Headcount), Num(p.DaysOpen) })));
        body.Append("</main><footer><p>数据来源：留呼平台用工台账与毕业生登记信息。JSON 与 CSV 版本见同一地址的 API。留呼可享受的政策见<a href=\"../../policies/page\">就业创业扶持政策清单</a>。</p></footer>");
        return Page($"人才需求目录 {c.Period}", body.ToString());
    }

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);
}
