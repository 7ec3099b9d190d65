namespace Liuhu.Matching.Features;

/// <summary>Skill names folded to their canonical skill in the <see cref="SkillTaxonomy"/>, and the rule by which
/// a graduate's skill meets a post's.</summary>
public static class Skills
{
    /// <summary>The canonical id of the one skill a text names (CET-4 → 英语四级, 熟悉西门子PLC → 西门子plc), or the
    /// folded text when it names none or several.</summary>
    public static string Canonical(string skill)
    {
        var taxonomy = SkillTaxonomy.Default;
        if (taxonomy.Resolve(skill) is { } known)
        {
            return known.Id;
        }

        var terms = taxonomy.Segment(skill);
        return terms.Count == 1 ? terms[0] : SkillTaxonomy.Form(skill);
    }

    /// <summary>The canonical skills a written item stands for: the one it names, every skill a longer phrase
    /// mentions (熟悉AutoCAD和SolidWorks → autocad, solidworks), or the folded text when it mentions none.</summary>
    public static IReadOnlyList<string> Expand(string skill)
    {
        var taxonomy = SkillTaxonomy.Default;
        if (taxonomy.Resolve(skill) is { } known)
        {
            return [known.Id];
        }

        var terms = taxonomy.Segment(skill);
        return terms.Count > 0 ? terms : [SkillTaxonomy.Form(skill)];
    }

    /// <summary>Whether a graduate's skill covers a post's: the taxonomy decides when it knows both (or the pair
    /// is never-equal); otherwise one text containing the other, or mostly the same characters.</summary>
    public static bool Covers(string graduateSkill, HashSet<string> graduateBigrams, string postSkill, HashSet<string> postBigrams)
    {
        ArgumentNullException.ThrowIfNull(graduateSkill);
        ArgumentNullException.ThrowIfNull(postSkill);
        if (SkillTaxonomy.Default.Decides(graduateSkill, postSkill) is { } decided)
        {
            return decided;
        }

        if (Math.Min(graduateSkill.Length, postSkill.Length) >= 2
            && (graduateSkill.Contains(postSkill, StringComparison.Ordinal) || postSkill.Contains(graduateSkill, StringComparison.Ordinal)))
        {
            return true;
        }

        return TextSimilarity.Overlap(graduateBigrams, postBigrams) >= 0.67f && Math.Min(graduateBigrams.Count, postBigrams.Count) >= 2;
    }
}
