using Liuhu.Matching.Features;

namespace Liuhu.Matching.Ranking;

/// <summary>Anything that orders rows of one feature schema: a trained model or a hand-set rule. Serving and
/// evaluation go through this one interface, so a different scoring path can replace either.</summary>
public interface IScorer
{
    string Version { get; }

    FeatureSchema Schema { get; }

    float[] Score(IReadOnlyList<FeatureVector> rows);

    /// <summary>Each feature's share of each row's score (row × feature, schema order): what the explanation
    /// may cite. A feature with a contribution of 0 or less did not speak for the row.</summary>
    float[][] Contributions(IReadOnlyList<FeatureVector> rows);
}

/// <summary>A weighted sum a person can check by hand; each term is attributed to the feature that produced it,
/// so its contributions are exact.</summary>
public sealed class WeightedScorer(string version, FeatureSchema schema, IReadOnlyList<(Feature Feature, Func<FeatureVector, float> Term)> terms) : IScorer
{
    public string Version { get; } = version;

    public FeatureSchema Schema { get; } = schema;

    public float Score(FeatureVector row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var total = 0f;
        foreach (var (_, term) in terms)
        {
            total += term(row);
        }

        return total;
    }

    public float[] Score(IReadOnlyList<FeatureVector> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.Select(Score).ToArray();
    }

    public float[][] Contributions(IReadOnlyList<FeatureVector> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.Select(row =>
        {
            var contributions = new float[Schema.Count];
            foreach (var (feature, term) in terms)
            {
                contributions[feature.Index] += term(row);
            }

            return contributions;
        }).ToArray();
    }
}

/// <summary>The transparent scorers that serve before a model is trained (cold start) and are the baselines a
/// model must beat. Neither reads residency, 离校未就业 status or a protected attribute.</summary>
public static class HeuristicScorer
{
    public const string Version = "heuristic-v2";
    public const string CandidateVersion = "candidate-heuristic-v1";

    /// <summary>Posts for a graduate: major 0.3, degree 0.2, skills 0.2, cluster 0.1, district 0.1, salary 0.1.</summary>
    public static WeightedScorer ForGraduate { get; } = new(Version, PairFeatures.Schema,
    [
        .. MajorTerms(0.30f, PairFeatures.MajorExact, PairFeatures.MajorSameClass, PairFeatures.MajorTextSimilarity, PairFeatures.MajorsUnrestricted, PairFeatures.MajorSameDiscipline),
        (PairFeatures.DegreeMeets, f => 0.20f * f[PairFeatures.DegreeMeets]),
        (PairFeatures.SkillCoverage, f => 0.20f * f[PairFeatures.SkillCoverage]),
        (PairFeatures.ClusterPreferred, f => 0.10f * f[PairFeatures.ClusterPreferred]),
        (PairFeatures.DistrictPreferred, f => 0.10f * f[PairFeatures.DistrictPreferred]),
        (PairFeatures.SalaryMeetsExpectation, f => 0.10f * f[PairFeatures.SalaryMeetsExpectation]),
    ]);

    /// <summary>Graduates for an employer's post, on qualifications and interest only: major 0.35, degree 0.25,
    /// skills 0.3, the graduate's stated interest in the cluster and the pay 0.1.</summary>
    public static WeightedScorer ForEmployer { get; } = new(CandidateVersion, CandidateFeatures.Schema,
    [
        .. MajorTerms(0.35f, CandidateFeatures.Fit.MajorExact, CandidateFeatures.Fit.MajorSameClass, CandidateFeatures.Fit.MajorTextSimilarity, CandidateFeatures.Fit.MajorsUnrestricted, CandidateFeatures.Fit.MajorSameDiscipline),
        (CandidateFeatures.Fit.DegreeMeets, f => 0.25f * f[CandidateFeatures.Fit.DegreeMeets]),
        (CandidateFeatures.Fit.SkillCoverage, f => 0.30f * f[CandidateFeatures.Fit.SkillCoverage]),
        (CandidateFeatures.Fit.ClusterPreferred, f => 0.05f * f[CandidateFeatures.Fit.ClusterPreferred]),
        (CandidateFeatures.Fit.SalaryMeetsExpectation, f => 0.05f * f[CandidateFeatures.Fit.SalaryMeetsExpectation]),
    ]);

    public static float Score(PairEvaluation pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return ForGraduate.Score(pair.Features);
    }

    /// <summary>The major term (exact 1, same class 0.8, similar name 0.6, open to any major 0.5, same discipline
    /// 0.4), credited to the one feature that earned it.</summary>
    private static IEnumerable<(Feature, Func<FeatureVector, float>)> MajorTerms(float weight, Feature exact, Feature sameClass, Feature similar, Feature unrestricted, Feature sameDiscipline)
    {
        float Level(FeatureVector f) => f[exact] == 1 ? 1f : f[sameClass] == 1 ? 0.8f : f[similar] >= 0.6f ? 0.6f : f[unrestricted] == 1 ? 0.5f : f[sameDiscipline] == 1 ? 0.4f : 0f;
        Feature Source(FeatureVector f) => f[exact] == 1 ? exact : f[sameClass] == 1 ? sameClass : f[similar] >= 0.6f ? similar : f[unrestricted] == 1 ? unrestricted : sameDiscipline;
        return new[] { exact, sameClass, similar, unrestricted, sameDiscipline }.Select(feature =>
            (feature, (Func<FeatureVector, float>)(f => Source(f) == feature ? weight * Level(f) : 0f)));
    }
}
