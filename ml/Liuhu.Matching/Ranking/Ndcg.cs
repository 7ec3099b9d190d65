namespace Liuhu.Matching.Ranking;

/// <summary>NDCG@k with gains 2^label − 1, computed the same way for the model, the heuristic and random
/// order so that their figures compare.</summary>
public static class Ndcg
{
    public static double AtK(IReadOnlyList<(float Score, float Label)> group, int k, Random? tieBreaker = null)
    {
        ArgumentNullException.ThrowIfNull(group);
        var ideal = Dcg(group.Select(g => g.Label).OrderByDescending(l => l), k);
        if (ideal == 0)
        {
            return double.NaN;
        }

        var ranked = group.Select(g => (g.Score, g.Label, Tie: tieBreaker?.NextDouble() ?? 0))
            .OrderByDescending(g => g.Score).ThenBy(g => g.Tie).Select(g => g.Label);
        return Dcg(ranked, k) / ideal;
    }

    /// <summary>Mean over the groups that have at least one relevant item.</summary>
    public static double Mean(IEnumerable<IReadOnlyList<(float Score, float Label)>> groups, int k, Random? tieBreaker = null)
    {
        var values = groups.Select(g => AtK(g, k, tieBreaker)).Where(v => !double.IsNaN(v)).ToList();
        return values.Count == 0 ? 0 : values.Average();
    }

    private static double Dcg(IEnumerable<float> labels, int k)
    {
        var dcg = 0.0;
        var i = 0;
        foreach (var label in labels.Take(k))
        {
            dcg += (Math.Pow(2, label) - 1) / Math.Log2(i + 2);
            i++;
        }

        return dcg;
    }
}
