using Liuhu.Core.Domain;

namespace Liuhu.Matching.Features;

/// <summary>Skill names folded to a canonical form, with the synonyms ledgers and profiles use.</summary>
public static class Skills
{
    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["plc"] = "plc编程", ["plc编程"] = "plc编程", ["可编程控制器"] = "plc编程",
        ["数据挖掘"] = "数据分析", ["数据分析"] = "数据分析", ["数据统计"] = "数据分析",
        ["excel"] = "office", ["word"] = "office", ["office"] = "office", ["办公软件"] = "office",
        ["java开发"] = "java", ["python编程"] = "python", ["linux运维"] = "linux",
        ["电工证"] = "电工证", ["高压电工证"] = "电工证", ["低压电工证"] = "电工证",
        ["cad"] = "cad", ["autocad"] = "cad", ["制图"] = "cad", ["识图"] = "cad",
        ["gmp"] = "gmp", ["药品生产质量管理规范"] = "gmp",
        ["直播"] = "直播运营", ["直播运营"] = "直播运营",
    };

    public static string Canonical(string skill)
    {
        var folded = TextNormalizer.FoldWithoutWhitespace(skill).ToLowerInvariant();
        return Synonyms.GetValueOrDefault(folded, folded);
    }

    /// <summary>Whether a graduate's skill covers a post's: same canonical name, one containing the other, or
    /// mostly the same characters.</summary>
    public static bool Covers(string graduateSkill, HashSet<string> graduateBigrams, string postSkill, HashSet<string> postBigrams)
    {
        ArgumentNullException.ThrowIfNull(graduateSkill);
        ArgumentNullException.ThrowIfNull(postSkill);
        if (graduateSkill == postSkill)
        {
            return true;
        }

        if (Math.Min(graduateSkill.Length, postSkill.Length) >= 2
            && (graduateSkill.Contains(postSkill, StringComparison.Ordinal) || postSkill.Contains(graduateSkill, StringComparison.Ordinal)))
        {
            return true;
        }

        return TextSimilarity.Overlap(graduateBigrams, postBigrams) >= 0.67f && Math.Min(graduateBigrams.Count, postBigrams.Count) >= 2;
    }
}
