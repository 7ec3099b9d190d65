using System.Buffers;
using Liuhu.Matching.Features;
using Liuhu.Matching.Ranking;

namespace Liuhu.Matching.Serving;

/// <summary>A ranked post. Its features with the matched and missing skills (<see cref="Pair"/>) are what the
/// explanation reads, so they are computed only when read (for the few shown), by <see cref="PairFeatures.Evaluate"/>
/// with the stats the score saw: the same values the ranker scored, bit for bit.</summary>
public sealed class RankedPost
{
    private readonly SeekerProfile seeker;
    private readonly DateTimeOffset at;
    private readonly PostStats stats;
    private PairEvaluation? pair;

    internal RankedPost(PostProfile post, float score, SeekerProfile seeker, DateTimeOffset at, PostStats stats)
    {
        Post = post;
        Score = score;
        this.seeker = seeker;
        this.at = at;
        this.stats = stats;
    }

    public PostProfile Post { get; }

    public float Score { get; }

    public PairEvaluation Pair => pair ??= PairFeatures.Evaluate(seeker, Post, at, stats);
}

/// <summary>The second stage: features for each candidate, the scorer's score (the heuristic's when there is no
/// model), then the exposure re-ranking on remaining openings. With a trained model the features of each
/// candidate are written into a pooled buffer of rows and the flat trees walked over them: no data view, no per-candidate
/// allocation.</summary>
public static class Ranker
{
    /// <summary>Every open candidate, best first.</summary>
    public static List<RankedPost> Rank(SeekerProfile seeker, IReadOnlyList<PostProfile> candidates, IScorer? scorer, DateTimeOffset now,
        double exposurePenalty = 0, double exposureThreshold = 3) =>
        Top(seeker, candidates, scorer, now, int.MaxValue, exposurePenalty, exposureThreshold);

    /// <summary>The best <paramref name="top"/> open candidates, best first, in the order <see cref="Rank"/> gives.</summary>
    public static List<RankedPost> Top(SeekerProfile seeker, IReadOnlyList<PostProfile> candidates, IScorer? scorer, DateTimeOffset now, int top,
        double exposurePenalty = 0, double exposureThreshold = 3)
    {
        ArgumentNullException.ThrowIfNull(seeker);
        ArgumentNullException.ThrowIfNull(candidates);
        scorer ??= HeuristicScorer.ForGraduate;
        if (!ReferenceEquals(scorer.Schema, PairFeatures.Schema))
        {
            throw new ArgumentException($"The ranker writes features of schema '{PairFeatures.Schema.Name}', the scorer reads '{scorer.Schema.Name}'.", nameof(scorer));
        }

        var open = ArrayPool<PostProfile>.Shared.Rent(Math.Max(1, candidates.Count));
        var stats = ArrayPool<PostStats>.Shared.Rent(Math.Max(1, candidates.Count));
        var scores = ArrayPool<float>.Shared.Rent(Math.Max(1, candidates.Count));
        var order = ArrayPool<int>.Shared.Rent(Math.Max(1, candidates.Count));
        try
        {
            var n = 0;
            foreach (var post in candidates)
            {
                if (post.RemainingOpenings > 0) // a filled post is worth nothing to anyone
                {
                    open[n] = post;
                    stats[n] = post.Live;
                    n++;
                }
            }

            var parts = SeekerFeatureParts.ForOneRequest(seeker);
            if (scorer is RankingModel { Flat: { } flat } && flat.FeatureCount <= PairFeatures.Count)
            {
                ScoreInBlocks(flat, parts, open.AsSpan(0, n), stats.AsSpan(0, n), now, scores.AsSpan(0, n));
            }
            else
            {
                scorer.ScoreEach(n, (i, row) => PairFeatures.Write(parts, open[i], now, stats[i], row), scores.AsSpan(0, n));
            }

            if (exposurePenalty > 0 && n > 1)
            {
                Rerank(open.AsSpan(0, n), scores.AsSpan(0, n), now, exposurePenalty, exposureThreshold);
            }

            var count = Math.Clamp(top, 0, n);
            SelectBest(order.AsSpan(0, n), count, new BestFirst(open, scores));
            var ranked = new List<RankedPost>(count);
            for (var k = 0; k < count; k++)
            {
                var i = order[k];
                ranked.Add(new RankedPost(open[i], scores[i], seeker, now, stats[i]));
            }

            return ranked;
        }
        finally
        {
            ArrayPool<PostProfile>.Shared.Return(open, clearArray: true);
            ArrayPool<PostStats>.Shared.Return(stats);
            ArrayPool<float>.Shared.Return(scores);
            ArrayPool<int>.Shared.Return(order);
        }
    }

    /// <summary>Every candidate's row written first (<see cref="PairFeatures.Write"/>, into one pooled buffer), then the
    /// trees walked over the rows a block at a time, tree by tree (<see cref="FlatTreeEnsemble.ScoreBlock"/>: the same
    /// sums as a row at a time, with each tree's nodes in cache for the whole block). Writing reads each post's
    /// parts, seldom in cache; done apart from the walk, it does not push the trees' nodes out of cache between
    /// blocks, and the walk runs over rows laid out as the bare walk's are.</summary>
    private static void ScoreInBlocks(FlatTreeEnsemble flat, SeekerFeatureParts parts, ReadOnlySpan<PostProfile> posts, ReadOnlySpan<PostStats> stats,
        DateTimeOffset now, Span<float> scores)
    {
        var width = PairFeatures.Count;
        var rows = ArrayPool<float>.Shared.Rent(Math.Max(1, posts.Length) * width);
        Span<double> totals = stackalloc double[BlockRows];
        var reads = flat.Reads.Length >= width ? flat.Reads : [];
        try
        {
            for (var start = 0; start < posts.Length; start += BlockRows)
            {
                var count = Math.Min(BlockRows, posts.Length - start);

                // Each post's parts are a few small objects seldom in cache: read the block's first, one post after
                // another, so that their misses overlap instead of each row's writing waiting on its own in turn.
                var lengths = 0;
                for (var r = 0; r < count; r++)
                {
                    var post = posts[start + r].FeatureParts;
                    lengths += post.Packed.Length + post.Skills.Length + post.Headcount;
                }

                partsRead = lengths;
                for (var r = start; r < start + count; r++)
                {
                    PairFeatures.Write(parts, posts[r], now, stats[r], rows.AsSpan(r * width, width), reads);
                }
            }

            for (var start = 0; start < posts.Length; start += BlockRows)
            {
                var count = Math.Min(BlockRows, posts.Length - start);
                flat.ScoreBlock(rows.AsSpan(start * width, count * width), width, count, totals, scores.Slice(start, count));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rows);
        }
    }

    /// <summary>Where the reads ahead of a block go, so that they are not left out as unused.</summary>
    [ThreadStatic]
    private static int partsRead;

    /// <summary>Rows scored together: enough that a tree's nodes are reused from cache, few enough that the rows stay in it.</summary>
    private const int BlockRows = 32;

    /// <summary>The first <paramref name="count"/> of <paramref name="order"/> become the best candidates, best first,
    /// in the order a full sort by <paramref name="comparer"/> gives (it is total: ties go by post id). For a short
    /// list out of many, the best so far are kept sorted and each other candidate compared with the last of them.</summary>
    private static void SelectBest(Span<int> order, int count, BestFirst comparer)
    {
        if (count * 4 >= order.Length)
        {
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            order.Sort(comparer);
            return;
        }

        var kept = 0;
        for (var i = 0; i < order.Length; i++)
        {
            if (kept == count && (count == 0 || comparer.Compare(i, order[count - 1]) >= 0))
            {
                continue;
            }

            var at = kept < count ? kept++ : count - 1;
            while (at > 0 && comparer.Compare(i, order[at - 1]) < 0)
            {
                order[at] = order[at - 1];
                at--;
            }

            order[at] = i;
        }
    }

    /// <summary>Applications so far plus those forecast before the post closes (its rate so far, over at most the
    /// next 30 days), per opening still left.</summary>
    public static double DemandPerOpening(PostProfile post, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(post);
        var v = post.Vacancy;
        var ageDays = Math.Max(1, (now - v.FirstSeenAt).TotalDays);
        var daysLeft = v.ExpiresOn is { } expires ? Math.Clamp((expires.ToDateTime(TimeOnly.MinValue) - now.UtcDateTime).TotalDays, 0, 30) : 30;
        var forecast = post.Applications / ageDays * daysLeft;
        return (post.Applications + forecast) / Math.Max(1, post.RemainingOpenings);
    }

    /// <summary>Scores of a model are on no fixed scale: standardise, then subtract the penalty in those units.
    /// The mean and spread are summed as <see cref="Enumerable.Average(IEnumerable{float})"/> sums them.</summary>
    private static void Rerank(ReadOnlySpan<PostProfile> posts, Span<float> scores, DateTimeOffset now, double exposurePenalty, double exposureThreshold)
    {
        var sum = 0.0;
        foreach (var s in scores)
        {
            sum += s;
        }

        var mean = (float)(sum / scores.Length);
        var squares = 0.0;
        foreach (var s in scores)
        {
            squares += (s - mean) * (s - mean);
        }

        var sd = Math.Sqrt((float)(squares / scores.Length));
        for (var i = 0; i < scores.Length; i++)
        {
            var z = sd > 0 ? (scores[i] - mean) / sd : 0;
            // The logarithm is taken only where it is positive: at or below the threshold the penalty is 0 either way.
            var demand = DemandPerOpening(posts[i], now) / exposureThreshold;
            scores[i] = (float)(z - (exposurePenalty * (demand > 1 ? Math.Log(demand) : 0)));
        }
    }

    /// <summary>Higher score first; equal scores by post id, so the order does not depend on the candidates' order.</summary>
    private readonly struct BestFirst(PostProfile[] posts, float[] scores) : IComparer<int>
    {
        public int Compare(int x, int y)
        {
            var byScore = scores[y].CompareTo(scores[x]);
            return byScore != 0 ? byScore : string.CompareOrdinal(posts[x].Vacancy.VacancyId, posts[y].Vacancy.VacancyId);
        }
    }
}
