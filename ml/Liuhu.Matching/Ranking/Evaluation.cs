using Liuhu.Matching.Features;

namespace Liuhu.Matching.Ranking;

/// <summary>A mean with its 95% bootstrap interval.</summary>
public sealed record Interval(double Mean, double Low, double High)
{
    public override string ToString() => $"{Mean:0.0000} [{Low:0.0000}, {High:0.0000}]";
}

/// <summary>Percentile bootstrap over graduates (the unit that was sampled), seeded so that a run repeats.</summary>
public static class Bootstrap
{
    public static Interval Of(IReadOnlyList<double> values, int seed = 17, int resamples = 1_000) => Paired(values, null, seed, resamples);

    /// <summary>The interval of the mean difference a − b over the same graduates, resampled together.</summary>
    public static Interval Difference(IReadOnlyList<double> a, IReadOnlyList<double> b, int seed = 17, int resamples = 1_000) => Paired(a, b, seed, resamples);

    private static Interval Paired(IReadOnlyList<double> a, IReadOnlyList<double>? b, int seed, int resamples)
    {
        ArgumentNullException.ThrowIfNull(a);
        var n = a.Count;
        if (n == 0)
        {
            return new Interval(0, 0, 0);
        }

        double Value(int i) => b is null ? a[i] : a[i] - b[i];
        var mean = Enumerable.Range(0, n).Average(Value);
        var random = new Random(seed);
        var means = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                sum += Value(random.Next(n));
            }

            means[r] = sum / n;
        }

        Array.Sort(means);
        return new Interval(mean, means[(int)(0.025 * (resamples - 1))], means[(int)Math.Ceiling(0.975 * (resamples - 1))]);
    }
}

/// <summary>Scores in random order: the floor every ranker must clear. Seeded.</summary>
public sealed class RandomScorer(FeatureSchema schema, int seed) : IScorer
{
    private readonly Random random = new(seed);

    public string Version => "random";

    public FeatureSchema Schema { get; } = schema;

    public float[] Score(IReadOnlyList<FeatureVector> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        lock (random)
        {
            return rows.Select(_ => (float)random.NextDouble()).ToArray();
        }
    }

    public float[][] Contributions(IReadOnlyList<FeatureVector> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.Select(_ => new float[Schema.Count]).ToArray();
    }
}

/// <summary>The held-out evaluation: each held-out graduate against every post open to them when they came
/// (not only those some ranker showed them), features as serving knew them at the cutoff, ties broken at random
/// (seeded), and a graduate with no relevant post counted as 0 for every ranker, not left out.</summary>
public static class HeldOutEvaluation
{
    /// <summary>NDCG@k per scorer (outer) per held-out graduate (inner, in <see cref="TrainingSet.HeldOut"/> order).</summary>
    public static double[][] Ndcg(TrainingSet set, IReadOnlyList<IScorer> scorers, int k = 10, int seed = 7)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(scorers);
        var stats = set.Posts.ToDictionary(p => p.Vacancy.VacancyId, p => set.Timeline.StatsAt(p, set.Cutoff), StringComparer.Ordinal);
        var result = scorers.Select(_ => new double[set.HeldOut.Count]).ToArray();
        Parallel.For(0, set.HeldOut.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, g =>
        {
            var graduate = set.HeldOut[g];
            var open = Open(set, graduate, stats);
            var features = new Dictionary<FeatureSchema, List<FeatureVector>>();
            List<FeatureVector> FeaturesOf(FeatureSchema schema) => features.TryGetValue(schema, out var rows) ? rows : features[schema] = ReferenceEquals(schema, RawFeatures.Schema)
                ? open.Select(p => RawFeatures.Evaluate(graduate.Seeker, p, graduate.At, stats[p.Vacancy.VacancyId])).ToList()
                : open.Select(p => PairFeatures.Evaluate(graduate.Seeker, p, graduate.At, stats[p.Vacancy.VacancyId]).Features).ToList();
            var labels = open.Select(p => graduate.Labels.GetValueOrDefault(p.Vacancy.VacancyId)).ToArray();
            for (var s = 0; s < scorers.Count; s++)
            {
                var scores = scorers[s].Score(FeaturesOf(scorers[s].Schema));
                var value = Ranking.Ndcg.AtK(scores.Select((score, i) => (score, labels[i])).ToList(), k, new Random(TieBreakSeed(seed, g)));
                result[s][g] = double.IsNaN(value) ? 0 : value;
            }
        });
        return result;
    }

    /// <summary>The seed of one graduate's tie-breaks: the same in every process, so a run repeats (HashCode.Combine,
    /// used before, is randomised per process, and the figures moved in the third decimal from run to run).</summary>
    internal static int TieBreakSeed(int seed, int graduate) => unchecked((seed * 1_000_003) + graduate);

    /// <summary>The posts a graduate could have been shown: first seen before they came, with an opening left at
    /// the cutoff as far as was known, and any post they reported on.</summary>
    public static List<PostProfile> Open(TrainingSet set, HeldOutGraduate graduate, IReadOnlyDictionary<string, PostStats> stats)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(graduate);
        ArgumentNullException.ThrowIfNull(stats);
        return set.Posts.Where(p => graduate.Labels.ContainsKey(p.Vacancy.VacancyId)
            || (p.Vacancy.FirstSeenAt <= graduate.At && p.Vacancy.Status == Core.Domain.VacancyStatus.Open && p.Vacancy.Headcount > stats[p.Vacancy.VacancyId].Hires)).ToList();
    }

    /// <summary>NDCG@k per post group on the employer side (who the employer took further, among applicants).</summary>
    public static double[] EmployerNdcg(IReadOnlyList<LabelledPair> pairs, IScorer scorer, int k = 10, int seed = 7)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(scorer);
        var scores = scorer.Score(pairs.Select(p => p.Features).ToList());
        var random = new Random(seed);
        return TrainingData.Groups(pairs, scores).Select(g => Ranking.Ndcg.AtK(g, k, random)).Where(v => !double.IsNaN(v)).ToArray();
    }
}
