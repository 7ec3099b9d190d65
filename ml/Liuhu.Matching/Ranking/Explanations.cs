using Liuhu.Core.Domain;
using Liuhu.Matching.Features;

namespace Liuhu.Matching.Ranking;

/// <summary>A short Chinese phrase with a stable English code.</summary>
public sealed record Reason(string Code, string Text);

/// <summary>Why a post suits a graduate, and what stands between them, in the words of the public site.</summary>
public static class Explanations
{
    public static (IReadOnlyList<Reason> Reasons, IReadOnlyList<Reason> Gaps) For(PairEvaluation pair, PostProfile post)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(post);
        var f = pair.Features;
        var reasons = new List<Reason>();
        var gaps = new List<Reason>();
        switch (pair.MajorFit)
        {
            case MajorFit.Exact or MajorFit.SameClass:
                reasons.Add(new("major.match", "专业对口"));
                break;
            case MajorFit.SameDiscipline:
                reasons.Add(new("major.related", "专业相近"));
                break;
            case MajorFit.Similar:
                // Only a name outside the major catalogues is compared as text: say so rather than claim a code.
                reasons.Add(new("major.similar_name", "专业名称相近（专业目录中未找到，按名称比对）"));
                break;
            case MajorFit.Unrestricted:
                reasons.Add(new("major.unrestricted", "专业不限"));
                break;
            default:
                gaps.Add(new("major.mismatch", "专业不对口"));
                break;
        }

        if (pair.DegreeMeets)
        {
            reasons.Add(new("degree.meets", "学历符合"));
        }
        else
        {
            gaps.Add(new("degree.below", $"学历要求{Degrees.ChineseName(post.Vacancy.Degree)}"));
        }

        if (pair.MatchedSkills.Count > 0)
        {
            reasons.Add(new("skills.match", $"技能匹配：{string.Join("、", pair.MatchedSkills.Take(3))}"));
        }

        if (pair.MissingSkills.Count > 0)
        {
            gaps.Add(new("skills.missing", $"缺少技能：{string.Join("、", pair.MissingSkills.Take(3))}"));
        }

        if (f[9] == 1)
        {
            reasons.Add(new("cluster.preferred", "意向产业集群"));
        }

        if (f[10] == 1)
        {
            reasons.Add(new("district.preferred", "意向地区"));
        }

        if (f[12] == 1)
        {
            reasons.Add(new("salary.meets", "薪资符合预期"));
        }
        else if (f[12] == 0)
        {
            gaps.Add(new("salary.below", "薪资低于预期"));
        }

        if (f[13] == 1)
        {
            reasons.Add(new("housing.offered", "提供人才公寓"));
        }

        return (reasons, gaps);
    }
}
