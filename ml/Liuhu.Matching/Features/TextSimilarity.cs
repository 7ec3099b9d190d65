using Liuhu.Core.Domain;

namespace Liuhu.Matching.Features;

/// <summary>Chinese text compared by character bigrams: no segmenter to ship, and robust to the way ledgers
/// abbreviate (机械设计 ~ 机械设计制造及其自动化).</summary>
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

    /// <summary>Overlap coefficient: shared bigrams over the smaller set, so an abbreviation scores high.</summary>
    public static float Overlap(HashSet<string> a, HashSet<string> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
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
