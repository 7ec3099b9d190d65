using Liuhu.Matching.Features;
using Liuhu.Matching.Ranking;

namespace Liuhu.Matching.Serving;

public sealed record RankedPost(PostProfile Post, PairEvaluation Pair, float Score);

/// <summary>The second stage: features for each candidate, the scorer's score (the heuristic's when there is no
/// model), then the exposure re-ranking on remaining openings.</summary>
public static class Ranker
{
    public static List<RankedPost> Rank(SeekerProfile seeker, IReadOnlyList<PostProfile> candidates, IScorer? scorer, DateTimeOffset now,
        double exposurePenalty = 0, double exposureThreshold = 3)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        scorer ??= HeuristicScorer.ForGraduate;
        var open = candidates.Where(p => p.RemainingOpenings > 0).ToList(); // a filled post is worth nothing to anyone
        var pairs = open.Select(p => PairFeatures.Evaluate(seeker, p, now)).ToList();
        var scores = scorer.Score(pairs.Select(p => p.Features).ToList());
        if (exposurePenalty > 0 && scores.Length > 1)
        {
            // Scores of a model are on no fixed scale: standardise, then subtract the penalty in those units.
            var mean = scores.Average();
            var sd = Math.Sqrt(scores.Select(s => (s - mean) * (s - mean)).Average());
            for (var i = 0; i < scores.Length; i++)
            {
                var z = sd > 0 ? (scores[i] - mean) / sd : 0;
                scores[i] = (float)(z - (exposurePenalty * Math.Max(0, Math.Log(DemandPerOpening(open[i], now) / exposureThreshold))));
            }
        }

        return open.Select((p, i) => new RankedPost(p, pairs[i], scores[i]))
            .OrderByDescending(r => r.Score).ThenBy(r => r.Post.Vacancy.VacancyId, StringComparer.Ordinal).ToList();
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
}
