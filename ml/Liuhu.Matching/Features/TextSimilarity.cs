using Liuhu.Core.Domain;

namespace Liuhu.Matching.Features;

/// <summary>A major's name as character bigrams, with its catalogue code when it has one: two catalogued majors
/// compare by code, never by how alike their names look (化学 and 生物化学, 药学 and 中药学).</summary>
public sealed class MajorTerms : HashSet<string>
{
    public MajorTerms(string? name, string? code)
        : base(TextSimilarity.Bigrams(name), StringComparer.Ordinal)
    {
        Code = code;
    }

    public string? Code { get; }
}

/// <summary>Chinese text compared by character bigrams: the fallback for names the major catalogue and the skill
/// taxonomy do not know, robust to the way ledgers abbreviate (机械设计 ~ 机械设计制造及其自动化).</summary>
public static class TextSimilarity
{
    public static HashSet<string> Bigrams(string? text)
    {
        var folded = TextNormalizer.FoldWithoutWhitespace(text).ToLowerInvariant();
        var grams = new HashSet<string>(StringComparer.Ordinal);
        if (folded.Length == 1)
        {
            grams.Add(folded);
        }

        for (var i = 0; i + 1 < folded.Length; i++)
        {
            grams.Add(folded.Substring(i, 2));
        }

        return grams;
    }

    /// <summary>Overlap coefficient: shared bigrams over the smaller set, so an abbreviation scores high. Two
    /// catalogued majors score 1 for the same code and 0 otherwise; a one-bigram text (化学) must equal the
    /// other, not merely occur in it.</summary>
    public static float Overlap(HashSet<string> a, HashSet<string> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a is MajorTerms { Code: { } codeA } && b is MajorTerms { Code: { } codeB })
        {
            return string.Equals(codeA, codeB, StringComparison.OrdinalIgnoreCase) ? 1 : 0;
        }

        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        if (small.Count == 1)
        {
            return large.Count == 1 && large.Contains(small.First()) ? 1 : 0;
        }

        var shared = 0;
        foreach (var gram in small)
        {
            if (large.Contains(gram))
            {
                shared++;
            }
        }

        return (float)shared / small.Count;
    }
}
