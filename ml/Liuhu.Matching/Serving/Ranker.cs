using Liuhu.Matching.Features;
using Liuhu.Matching.Ranking;

namespace Liuhu.Matching.Serving;

public sealed record RankedPost(PostProfile Post, PairEvaluation Pair, float Score);

/// <summary>The second stage: features for each candidate, the model's score (or the heuristic's when there is
/// no model), then the exposure re-ranking.</summary>
public static class Ranker
{
    public static List<RankedPost> Rank(SeekerProfile seeker, IReadOnlyList<PostProfile> candidates, RankingModel? model, DateTimeOffset now,
        double exposurePenalty = 0, double exposureThreshold = 3)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var pairs = candidates.Select(p => PairFeatures.Evaluate(seeker, p, now)).ToList();
        var scores = model is null ? pairs.Select(HeuristicScorer.Score).ToArray() : model.Score(pairs.Select(p => p.Features).ToList());
        if (exposurePenalty > 0 && scores.Length > 1)
        {
            // Scores of a model are on no fixed scale: standardise, then subtract the penalty in those units.
            var mean = scores.Average();
            var sd = Math.Sqrt(scores.Select(s => (s - mean) * (s - mean)).Average());
            for (var i = 0; i < scores.Length; i++)
            {
                var v = candidates[i].Vacancy;
                var ratio = candidates[i].Applications / (double)Math.Max(1, v.Headcount);
                var z = sd > 0 ? (scores[i] - mean) / sd : 0;
                scores[i] = (float)(z - (exposurePenalty * Math.Max(0, Math.Log(ratio / exposureThreshold))));
            }
        }

        return candidates.Select((p, i) => new RankedPost(p, pairs[i], scores[i]))
            .OrderByDescending(r => r.Score).ThenBy(r => r.Post.Vacancy.VacancyId, StringComparer.Ordinal).ToList();
    }
}
