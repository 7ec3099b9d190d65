namespace Liuhu.Matching.Serving;

/// <summary>A post in the list a graduate is shown, with the probability that the serving policy put it there at all
/// (logged with the impression, so that any other ranking can be evaluated off-policy).</summary>
public sealed record ShownPost(RankedPost Ranked, double Propensity);

/// <summary>A little randomisation after ranking, so that what the ranker would not have shown is sometimes shown,
/// with a known probability: <c>slots</c> positions among the first <c>depth</c>, chosen at random, go to posts drawn
/// uniformly without replacement from the <c>pool</c> posts ranked just below those shown for sure; the others keep
/// their order. A post shown for sure has propensity 1; each post of the pool, drawn or not, slots/pool. Without it
/// the off-policy estimate cannot see posts the logging ranker never shows (their propensity is 0), so no challenger
/// that prefers them could ever be promoted. What it costs: the last <c>slots</c> posts of the list are replaced by
/// posts drawn from lower down (measured in <c>liuhu-ml evaluate</c>).</summary>
public static class Exploration
{
    /// <summary>How a list of <paramref name="top"/> out of <paramref name="count"/> ranked posts explores: the first
    /// <c>Sure</c> of the ranking are shown for sure; <c>Slots</c> posts are drawn from the next <c>Pool</c>, each of
    /// which is shown with probability <c>Propensity</c>. At most half the list explores, and only when there is
    /// more below to draw from than slots to fill.</summary>
    public static (int Sure, int Slots, int Pool, double Propensity) Plan(int count, int top, int slots, int depth, int pool)
    {
        top = Math.Min(top, count);
        var explore = Math.Min(Math.Min(slots, top / 2), Math.Min(depth, top));
        var sure = top - explore;
        var drawFrom = Math.Min(pool, count - sure);
        return explore <= 0 || drawFrom <= explore ? (top, 0, 0, 0) : (sure, explore, drawFrom, (double)explore / drawFrom);
    }

    public static List<ShownPost> Apply(IReadOnlyList<RankedPost> ranked, int top, int slots, int depth, int pool, Random random)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(random);
        var (sure, explore, drawFrom, propensity) = Plan(ranked.Count, top, slots, depth, pool);
        if (explore == 0)
        {
            return [.. ranked.Take(sure).Select(r => new ShownPost(r, 1))];
        }

        // Partial Fisher–Yates over the pool: the first `explore` are a uniform draw without replacement.
        var candidates = Enumerable.Range(sure, drawFrom).ToArray();
        for (var i = 0; i < explore; i++)
        {
            var j = i + random.Next(candidates.Length - i);
            (candidates[i], candidates[j]) = (candidates[j], candidates[i]);
        }

        var length = sure + explore;
        var positions = Enumerable.Range(0, Math.Min(depth, length)).OrderBy(_ => random.Next()).Take(explore).ToHashSet();
        var shown = new List<ShownPost>(length);
        int nextSure = 0, nextDrawn = 0;
        for (var position = 0; position < length; position++)
        {
            shown.Add(positions.Contains(position)
                ? new ShownPost(ranked[candidates[nextDrawn++]], propensity)
                : new ShownPost(ranked[nextSure++], 1));
        }

        return shown;
    }
}
