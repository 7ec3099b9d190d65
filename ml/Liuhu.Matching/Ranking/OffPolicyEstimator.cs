using System.Globalization;
using Liuhu.Matching.Features;

namespace Liuhu.Matching.Ranking;

/// <summary>One post in the list a graduate was shown, as the impression log recorded it: its 1-based position and
/// the probability that the logging policy put it in the list at all (1 for the posts the ranking chose, less for
/// the posts exploration drew at random).</summary>
public readonly record struct LoggedShow(string VacancyId, int Position, double Propensity);

/// <summary>One logged list: the version of the ranker that served it and what it showed.</summary>
public sealed record LoggedList(string ModelVersion, IReadOnlyList<LoggedShow> Shown);

/// <summary>What the off-policy estimate of one run found: the value of each policy per held-out graduate (inner
/// arrays in the order of <see cref="Graduates"/>), or why it refused to estimate.</summary>
/// <param name="Support">Per policy: the mean over graduates of Σ_k θ(k)·[π_k shown]/q(π_k) over Σ_k θ(k). Its
/// expectation is the share of the policy's top K the logging policy could show, 1 when every post had a chance;
/// far from 1 in a sample, the weights that would make the estimate unbiased were not drawn often enough.</param>
public sealed record OffPolicyEstimate(IReadOnlyList<string> Graduates, double[][] Values, double[] Support, int LoggedOutcomes, int ExploredOutcomes, string? Refusal)
{
    public bool Refused => Refusal is not null;

    public Interval Value(int policy) => Bootstrap.Of(Values[policy]);

    /// <summary>Paired by graduate: the interval of policy <paramref name="a"/>'s value minus <paramref name="b"/>'s.</summary>
    public Interval Gain(int a, int b) => Bootstrap.Difference(Values[a], Values[b]);

    /// <summary>Why policy <paramref name="a"/> cannot be compared with <paramref name="b"/> on these logs (the run's
    /// refusal, or the support of either too far from 1), or null when it can.</summary>
    public string? RefusalFor(int a, int b) => Refusal
        ?? (Math.Abs(Support[a] - 1) > OffPolicyEstimator.SupportTolerance ? string.Create(CultureInfo.InvariantCulture, $"the challenger's support on the logged lists is {Support[a]:0.00} (1 expected)")
        : Math.Abs(Support[b] - 1) > OffPolicyEstimator.SupportTolerance ? string.Create(CultureInfo.InvariantCulture, $"the baseline's support on the logged lists is {Support[b]:0.00} (1 expected)") : null);
}

/// <summary>Off-policy estimate of what a ranking policy would have earned, from the lists the serving policy
/// logged and what graduates did with them. Position-based model: a graduate examines position k with probability
/// θ(k) = k^−η and applies to a post they examine with a probability g(d) that does not depend on where it was.
/// The value of a ranking π for a graduate is then V(π) = Σ_{k≤K} θ(k)·g(π_k), the applications its top K can expect
/// (what the graduate's list is for; what employers then decide is the employer side's). From one logged list,
/// ĝ(d) = gain(label(d)) / (q(d)·θ(p(d))) for a
/// post shown at position p(d) with inclusion propensity q(d), and 0 for a post not shown: unbiased whenever q(d) > 0
/// (inverse propensity scoring per item, Li et al. 2018; Joachims et al. 2017), so
/// V̂(π) = Σ_{k≤K} θ(k)·ĝ(π_k) is unbiased for every policy, not only the one that logged. A post the logging policy
/// could not show (q = 0) is estimated as 0, which is why serving explores (<see cref="Serving.Exploration"/>).
/// Intervals come from a bootstrap over graduates; with too few logged graduates or outcomes it refuses.</summary>
public static class OffPolicyEstimator
{
    /// <summary>Fewest held-out graduates with a logged list, and fewest logged positive outcomes among them, for
    /// an estimate to be made at all (below, one or two graduates' clicks would decide a promotion).</summary>
    public const int MinimumGraduates = 30;
    public const int MinimumOutcomes = 30;

    /// <summary>How far a policy's support (<see cref="OffPolicyEstimate.Support"/>) may be from 1 for it to be compared.</summary>
    public const double SupportTolerance = 0.2;

    /// <summary>θ(k): how likely position k is examined. The same curve training weights clicks by
    /// (<see cref="TrainingData.PositionBiasExponent"/>).</summary>
    public static double Examination(int position, double exponent = TrainingData.PositionBiasExponent) =>
        Math.Pow(Math.Max(1, position), -exponent);

    /// <summary>The gain of an outcome: 1 for an application (any step from applied on), else 0.</summary>
    public static double Applications(float label) => label > 0 ? 1 : 0;

    /// <summary>V̂(π) for one graduate: <paramref name="ranking"/> is π's order (best first), <paramref name="shown"/>
    /// the logged list, <paramref name="labels"/> the furthest step the graduate reached on each post (absent = 0).</summary>
    /// <param name="gain">What an outcome is worth (<see cref="Applications"/> unless given).</param>
    public static double Value(IReadOnlyList<string> ranking, IReadOnlyList<LoggedShow> shown, IReadOnlyDictionary<string, float> labels,
        int k = 10, double exponent = TrainingData.PositionBiasExponent, Func<float, double>? gain = null)
    {
        gain ??= Applications;
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(shown);
        ArgumentNullException.ThrowIfNull(labels);
        var logged = new Dictionary<string, LoggedShow>(shown.Count, StringComparer.Ordinal);
        foreach (var s in shown)
        {
            logged.TryAdd(s.VacancyId, s);
        }

        var value = 0.0;
        for (var i = 0; i < Math.Min(k, ranking.Count); i++)
        {
            if (logged.TryGetValue(ranking[i], out var s) && s.Propensity > 0 && labels.TryGetValue(ranking[i], out var label) && label > 0)
            {
                value += Examination(i + 1, exponent) * gain(label) / (s.Propensity * Examination(s.Position, exponent));
            }
        }

        return value;
    }

    /// <summary>Σ_k θ(k)·[π_k shown]/q(π_k) over Σ_k θ(k): 1 in expectation when every post of π's top K could be shown.</summary>
    public static double Support(IReadOnlyList<string> ranking, IReadOnlyList<LoggedShow> shown, int k = 10, double exponent = TrainingData.PositionBiasExponent)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(shown);
        var propensities = shown.GroupBy(s => s.VacancyId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Propensity, StringComparer.Ordinal);
        double covered = 0, total = 0;
        for (var i = 0; i < k; i++)
        {
            total += Examination(i + 1, exponent);
            if (i < ranking.Count && propensities.GetValueOrDefault(ranking[i]) is > 0 and var q)
            {
                covered += Examination(i + 1, exponent) / q;
            }
        }

        return covered / total;
    }

    /// <summary>The logging policy's own ranking, without its exploration: the posts it showed for sure, in order.
    /// Its value is estimated on-policy (every one of them has propensity 1).</summary>
    public static IReadOnlyList<string> LoggedRanking(IReadOnlyList<LoggedShow> shown)
    {
        ArgumentNullException.ThrowIfNull(shown);
        return [.. shown.Where(s => s.Propensity >= 1).OrderBy(s => s.Position).Select(s => s.VacancyId)];
    }

    /// <summary>V̂ of each policy for each held-out graduate that has a logged list.</summary>
    /// <param name="rankings">Per policy (outer), per graduate id: the policy's order of the posts open to them.</param>
    /// <param name="logs">Per graduate id: the first list they were shown.</param>
    /// <param name="labels">Per graduate id: the furthest step reached on each post.</param>
    public static OffPolicyEstimate Estimate(IReadOnlyList<IReadOnlyDictionary<string, IReadOnlyList<string>>> rankings,
        IReadOnlyDictionary<string, IReadOnlyList<LoggedShow>> logs, IReadOnlyDictionary<string, IReadOnlyDictionary<string, float>> labels,
        int k = 10, double exponent = TrainingData.PositionBiasExponent, int minimumGraduates = MinimumGraduates, int minimumOutcomes = MinimumOutcomes,
        Func<float, double>? gain = null)
    {
        ArgumentNullException.ThrowIfNull(rankings);
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentNullException.ThrowIfNull(labels);
        var graduates = logs.Keys.Where(g => labels.ContainsKey(g) && rankings.All(r => r.ContainsKey(g))).Order(StringComparer.Ordinal).ToList();
        int outcomes = 0, explored = 0;
        foreach (var g in graduates)
        {
            foreach (var s in logs[g])
            {
                if (labels[g].GetValueOrDefault(s.VacancyId) > 0)
                {
                    outcomes++;
                    explored += s.Propensity < 1 ? 1 : 0;
                }
            }
        }

        var values = rankings.Select(r => graduates.Select(g => Value(r[g], logs[g], labels[g], k, exponent, gain)).ToArray()).ToArray();
        var support = rankings.Select(r => graduates.Count == 0 ? 0 : graduates.Average(g => Support(r[g], logs[g], k, exponent))).ToArray();
        var refusal = graduates.Count < minimumGraduates
            ? $"only {graduates.Count} held-out graduates have a logged list ({minimumGraduates} needed)"
            : outcomes < minimumOutcomes ? $"only {outcomes} positive outcomes on logged lists ({minimumOutcomes} needed)" : null;
        return new OffPolicyEstimate(graduates, values, support, outcomes, explored, refusal);
    }

    /// <summary>The estimate for each scorer over a training set's held-out graduates that have a logged list, and
    /// last (at index <c>scorers.Count</c>) for the policy that logged them (<see cref="LoggedRanking"/>).</summary>
    public static OffPolicyEstimate ForHeldOut(TrainingSet set, IReadOnlyList<IScorer> scorers, IReadOnlyDictionary<string, LoggedList> logged, int k = 10)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(logged);
        var labels = set.HeldOut.ToDictionary(h => h.Seeker.GraduateId, h => h.Labels, StringComparer.Ordinal);
        var shown = logged.ToDictionary(l => l.Key, l => l.Value.Shown, StringComparer.Ordinal);
        var loggedRankings = shown.ToDictionary(l => l.Key, l => LoggedRanking(l.Value), StringComparer.Ordinal);
        return Estimate([.. Rankings(set, scorers, k), loggedRankings], shown, labels, k);
    }

    /// <summary>Each held-out graduate's posts (every post open to them, <see cref="HeldOutEvaluation.Open"/>) in the
    /// order each scorer puts them, ties broken at random (seeded), the first <paramref name="depth"/> kept.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>>[] Rankings(TrainingSet set, IReadOnlyList<IScorer> scorers, int depth = 10, int seed = 7)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(scorers);
        var stats = set.Posts.ToDictionary(p => p.Vacancy.VacancyId, p => set.Timeline.StatsAt(p, set.Cutoff), StringComparer.Ordinal);
        var orders = scorers.Select(_ => new IReadOnlyList<string>[set.HeldOut.Count]).ToArray();
        Parallel.For(0, set.HeldOut.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, g =>
        {
            var graduate = set.HeldOut[g];
            var open = HeldOutEvaluation.Open(set, graduate, stats);
            var pairs = open.Select(p => PairFeatures.Evaluate(graduate.Seeker, p, graduate.At, stats[p.Vacancy.VacancyId]).Features).ToList();
            List<FeatureVector>? raw = null;
            for (var s = 0; s < scorers.Count; s++)
            {
                var rows = ReferenceEquals(scorers[s].Schema, RawFeatures.Schema)
                    ? raw ??= open.Select(p => RawFeatures.Evaluate(graduate.Seeker, p, graduate.At, stats[p.Vacancy.VacancyId])).ToList()
                    : pairs;
                var scores = scorers[s].Score(rows);
                var ties = new Random(HashCode.Combine(seed, g));
                orders[s][g] = open.Select((p, i) => (Id: p.Vacancy.VacancyId, Score: scores[i], Tie: ties.Next()))
                    .OrderByDescending(x => x.Score).ThenBy(x => x.Tie).Take(depth).Select(x => x.Id).ToList();
            }
        });
        return orders.Select(o => (IReadOnlyDictionary<string, IReadOnlyList<string>>)set.HeldOut.Select((h, g) => (h.Seeker.GraduateId, Order: o[g]))
            .ToDictionary(x => x.GraduateId, x => x.Order, StringComparer.Ordinal)).ToArray();
    }
}
