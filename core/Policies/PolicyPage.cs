using System.Globalization;
using System.Text;
using Liuhu.Core.Catalogues;
using static Liuhu.Core.Catalogues.Charts;

namespace Liuhu.Core.Policies;

/// <summary>The 就业创业扶持政策清单 as a self-contained Chinese page in the catalogue's style: no script, no CDN,
/// every figure as the bureau entered it and 待人社局填写 where it has not.</summary>
public static class PolicyPage
{
    public const string NotEntered = "待人社局填写";

    /// <summary>Where the page links to, relative to /api/policies/page, so they hold behind any base path.</summary>
    public const string CataloguesLink = "../catalogues";
    public const string ProgressLink = "../programme/progress/page";

    public static string Render(IReadOnlyList<Policy> policies, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<header><h1>呼和浩特市就业创业扶持政策清单</h1><p>截至 {asOf.ToOffset(Period.Beijing):yyyy-MM-dd HH:mm}（北京时间），共 <strong id=\"policy-count\">{policies.Count}</strong> 项。");
        body.Append("依据《2024年“五万大学生留呼”专项行动实施方案》（呼政发〔2024〕1号）第18条编制，由市人社局维护；金额、比例和条件只列方案或人社局已明确的内容。</p></header><main>");
        body.Append(Table(["政策", "享受对象", "牵头单位", "依据"], policies.Select(p => new[] { p.Name, BeneficiaryName(p.Beneficiary), p.IssuingUnit, p.LegalBasis })));
        foreach (var p in policies)
        {
            body.Append(CultureInfo.InvariantCulture, $"<section class=\"policy\" id=\"{E(p.PolicyId)}\"><h2>{E(p.Name)}</h2>");
            var rows = new List<string[]>
            {
                new[] { "享受对象", BeneficiaryName(p.Beneficiary) },
                new[] { "申领条件", Conditions(p) },
                new[] { "政策内容", p.Benefit.Summary },
                new[] { "标准", Amount(p.Benefit) },
                new[] { "期限", p.Benefit.MaxDurationMonths is { } months ? $"不超过 {months} 个月" : NotEntered },
                new[] { "办理方式", p.HowToApply ?? NotEntered },
                new[] { "有效期", $"{p.ValidFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—"} 至 {p.ValidTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—"}" },
                new[] { "牵头单位", p.IssuingUnit },
                new[] { "依据", p.LegalBasis },
            };
            if (p.Notes is { } notes)
            {
                rows.Add(["说明", notes]);
            }

            rows.Add(["版本", $"第 {p.Version} 版，{p.UpdatedAt.ToOffset(Period.Beijing):yyyy-MM-dd} 更新"]);
            body.Append(VerticalTable(rows));
            if (p.Link is { } link)
            {
                body.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{E(link)}\">政策原文</a></p>");
            }

            body.Append("</section>");
        }

        body.Append(CultureInfo.InvariantCulture, $"</main><footer><p>相关：<a href=\"{CataloguesLink}\">人才需求目录</a> · <a href=\"{ProgressLink}\">“五万大学生留呼”专项行动进展</a>。");
        body.Append("毕业生可在公共招聘网查询本人可享受的政策；JSON 版本见 /api/policies。</p></footer>");
        return Page("就业创业扶持政策清单", body.ToString());
    }

    public static string BeneficiaryName(PolicyBeneficiary beneficiary) => beneficiary switch
    {
        PolicyBeneficiary.Graduate => "高校毕业生",
        PolicyBeneficiary.Employer => "用人单位",
        PolicyBeneficiary.HrAgency => "人力资源服务机构",
        _ => "园区、开发区",
    };

    private static string Conditions(Policy p)
    {
        var lines = p.Conditions.Select(c => c.Label ?? (PolicyFacts.Find(c.Fact) is { } f ? PolicyEvaluator.Describe(f, c) : c.Fact)).ToList();
        if (!p.ConditionsComplete)
        {
            lines.Add((lines.Count == 0 ? "申领条件" : "其余条件") + NotEntered);
        }

        return lines.Count == 0 ? "不限" : string.Join("；", lines);
    }

    private static string Amount(PolicyBenefit b)
    {
        var parts = new List<string>();
        if (b.AmountText is { } text)
        {
            parts.Add(text);
        }
        else if (b.MaxAmountYuan is { } yuan)
        {
            parts.Add($"最高 {yuan.ToString("N0", CultureInfo.InvariantCulture)} 元");
        }

        if (b.MaxShareOfMarketRent is { } share)
        {
            parts.Add($"租金不超过市场价的 {(share * 100).ToString("0.#", CultureInfo.InvariantCulture)}%");
        }

        return parts.Count == 0 ? NotEntered : string.Join("；", parts);
    }

    private static string VerticalTable(IEnumerable<string[]> rows)
    {
        var html = new StringBuilder("<table><tbody>");
        foreach (var row in rows)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\" style=\"width:7rem\">{E(row[0])}</th><td>{E(row[1])}</td></tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }
}
