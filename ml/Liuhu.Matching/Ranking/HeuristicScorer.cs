using Liuhu.Matching.Features;

namespace Liuhu.Matching.Ranking;

/// <summary>The transparent scorer that serves before a model is trained (cold start) and is the baseline a
/// model must beat: a weighted sum a person can check by hand.</summary>
public static class HeuristicScorer
{
    public const string Version = "heuristic-v1";

    public static float Score(PairEvaluation pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var f = pair.Features;
        var major = pair.MajorFit switch
        {
            MajorFit.Exact => 1f,
            MajorFit.SameClass => 0.8f,
            MajorFit.Similar => 0.6f,
            MajorFit.SameDiscipline => 0.4f,
            MajorFit.Unrestricted => 0.5f,
            _ => 0f,
        };
        return (0.30f * major)
            + (0.20f * f[0])            // degree meets the requirement
            + (0.20f * f[7])            // share of the post's skills the graduate has
            + (0.10f * f[9])            // preferred cluster
            + (0.10f * f[10])           // preferred district
            + (0.10f * f[12]);          // salary meets expectation
    }
}
