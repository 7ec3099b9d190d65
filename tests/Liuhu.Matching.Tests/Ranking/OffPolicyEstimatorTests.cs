using Liuhu.Matching.Features;
using Liuhu.Matching.Ranking;
using Liuhu.Matching.Serving;

namespace Liuhu.Matching.Tests.Ranking;

/// <summary>The off-policy estimate on logs whose true value is known: exact on a case computed by hand, unbiased
/// over a logging policy that explores as serving does, refusing with too few logged graduates or outcomes, and
/// wider with fewer graduates.</summary>
public class OffPolicyEstimatorTests
{
    private static readonly IReadOnlyDictionary<string, float> NoLabels = new Dictionary<string, float>();

    [Fact]
    public void Value_HandComputedCase_EveryTermAsTheFormulaSays()
    {
        // θ(k) = 1/k, gain = the label. B shown at 2 with propensity 0.5 and label 2: ĝ(B) = 2 / (0.5 · 0.5) = 8; A
        // shown at 1 for sure with label 1: ĝ(A) = 1. Ranking [B, A, C]: V̂ = θ(1)·8 + θ(2)·1 + θ(3)·0 = 8.5.
        // Counting applications only (the default gain), B's interview counts as one: ĝ(B) = 4, V̂ = 4.5.
        LoggedShow[] shown = [new("A", 1, 1), new("B", 2, 0.5)];
        var labels = new Dictionary<string, float> { ["A"] = 1, ["B"] = 2 };

        Assert.Equal(8.5, OffPolicyEstimator.Value(["B", "A", "C"], shown, labels, k: 10, exponent: 1, gain: l => l), 10);
        Assert.Equal(1 + (0.5 * 8), OffPolicyEstimator.Value(["A", "B"], shown, labels, k: 10, exponent: 1, gain: l => l), 10);
        Assert.Equal(4.5, OffPolicyEstimator.Value(["B", "A", "C"], shown, labels, k: 10, exponent: 1), 10);
        Assert.Equal(0, OffPolicyEstimator.Value(["C"], shown, labels, k: 10, exponent: 1));
    }

    [Fact]
    public void Value_AveragedOverTheLoggingPolicy_EqualsTheTrueValue()
    {
        // Three posts; the logging policy shows A first for sure and, at position 2, B or C with probability ½ each.
        // A graduate acts on an examined post with g(A) = 0.2, g(B) = 0.6, g(C) = 0; θ(k) = 1/k. The expected label of
        // a post shown at p is θ(p)·g (the gain here is the label itself). Target ranking [B, A]: V = θ(1)·0.6 + θ(2)·0.2 = 0.7.
        // List [A, B]: V̂ = 1 · (0.5·0.6)/(0.5·0.5) + 0.5 · 0.2 = 1.3.  List [A, C]: V̂ = 0.5 · 0.2 = 0.1.  Mean 0.7.
        var withB = OffPolicyEstimator.Value(["B", "A"], [new("A", 1, 1), new("B", 2, 0.5)], new Dictionary<string, float> { ["A"] = 0.2f, ["B"] = 0.3f }, exponent: 1, gain: l => l);
        var withC = OffPolicyEstimator.Value(["B", "A"], [new("A", 1, 1), new("C", 2, 0.5)], new Dictionary<string, float> { ["A"] = 0.2f, ["C"] = 0f }, exponent: 1, gain: l => l);

        Assert.Equal(1.3, withB, 6);
        Assert.Equal(0.1, withC, 6);
        Assert.Equal(0.7, (withB + withC) / 2, 6);
    }

    [Fact]
    public void Estimate_ServingExplorationAndSampledClicks_UnbiasedForAnotherRanking()
    {
        // 30 posts; the logging ranker orders them 0..29 and explores as serving does (2 of the first 10 positions
        // drawn from the next 12); clicks are sampled from the position-based model. The target ranking prefers
        // what the logger puts low. Its true value is known; the estimate over many graduates must cover it.
        const double exponent = 0.7;
        var worth = Enumerable.Range(0, 30).Select(i => 0.05 + (0.5 * ((i * 7) % 30) / 30.0)).ToArray();
        var ranked = Enumerable.Range(0, 30).Select(i => new RankedPost(null!, 30 - i, null!, default, default)).ToList();
        var target = Enumerable.Range(0, 30).OrderByDescending(i => worth[i] * (i >= 8 && i < 20 ? 1 : 0.2)).Select(i => "P" + i).ToList();
        var truth = target.Take(10).Select((id, k) => OffPolicyEstimator.Examination(k + 1, exponent) * worth[int.Parse(id[1..], System.Globalization.CultureInfo.InvariantCulture)]).Sum();

        var random = new Random(3);
        var logs = new Dictionary<string, IReadOnlyList<LoggedShow>>();
        var labels = new Dictionary<string, IReadOnlyDictionary<string, float>>();
        for (var g = 0; g < 40_000; g++)
        {
            var shown = Exploration.Apply(ranked, 10, 2, 10, 12, random);
            var list = shown.Select((s, p) => new LoggedShow("P" + ranked.IndexOf(s.Ranked), p + 1, s.Propensity)).ToList();
            logs["G" + g] = list;
            labels["G" + g] = list.ToDictionary(s => s.VacancyId, s => random.NextDouble() < OffPolicyEstimator.Examination(s.Position, exponent) * worth[int.Parse(s.VacancyId[1..], System.Globalization.CultureInfo.InvariantCulture)] ? 1f : 0f);
        }

        var rankings = new IReadOnlyDictionary<string, IReadOnlyList<string>>[] { logs.Keys.ToDictionary(g => g, _ => (IReadOnlyList<string>)target) };
        var estimate = OffPolicyEstimator.Estimate(rankings, logs, labels, exponent: exponent);
        var value = estimate.Value(0);

        Assert.Null(estimate.Refusal);
        Assert.InRange(truth, value.Low, value.High);
        Assert.InRange(estimate.Support[0], 0.95, 1.05);

        // The logger's own value, on-policy from what it showed for sure, is far below the target's here.
        var logged = OffPolicyEstimator.Estimate([logs.ToDictionary(l => l.Key, l => OffPolicyEstimator.LoggedRanking(l.Value))], logs, labels, exponent: exponent);
        Assert.True(value.Low > logged.Value(0).High, $"target {value} vs logger {logged.Value(0)}");
    }

    [Fact]
    public void Estimate_TooFewGraduatesOrOutcomes_Refuses()
    {
        var logs = Enumerable.Range(0, 10).ToDictionary(i => "G" + i, _ => (IReadOnlyList<LoggedShow>)[new("A", 1, 1)]);
        var labels = logs.Keys.ToDictionary(g => g, _ => (IReadOnlyDictionary<string, float>)new Dictionary<string, float> { ["A"] = 1 });
        var rankings = new[] { (IReadOnlyDictionary<string, IReadOnlyList<string>>)logs.Keys.ToDictionary(g => g, _ => (IReadOnlyList<string>)["A"]) };

        Assert.Contains("only 10 held-out graduates", OffPolicyEstimator.Estimate(rankings, logs, labels).Refusal, StringComparison.Ordinal);

        var many = Enumerable.Range(0, 100).ToDictionary(i => "G" + i, _ => (IReadOnlyList<LoggedShow>)[new("A", 1, 1)]);
        var fewClicks = many.Keys.ToDictionary(g => g, g => g.Length == 2 ? (IReadOnlyDictionary<string, float>)new Dictionary<string, float> { ["A"] = 1 } : NoLabels);
        var manyRankings = new[] { (IReadOnlyDictionary<string, IReadOnlyList<string>>)many.Keys.ToDictionary(g => g, _ => (IReadOnlyList<string>)["A"]) };
        Assert.Contains("only 10 positive outcomes", OffPolicyEstimator.Estimate(manyRankings, many, fewClicks).Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_FewerGraduates_WiderInterval()
    {
        var random = new Random(5);
        IReadOnlyList<LoggedShow> List() => [new("A", 1, 1), new("B", 2, 1), new(random.Next(2) == 0 ? "C" : "D", 3, 0.5)];
        var logs = Enumerable.Range(0, 2_000).ToDictionary(i => "G" + i, _ => List());
        var labels = logs.ToDictionary(l => l.Key, l => (IReadOnlyDictionary<string, float>)l.Value.ToDictionary(s => s.VacancyId, _ => random.NextDouble() < 0.3 ? 1f : 0f));
        double Width(int n)
        {
            var some = logs.Take(n).ToDictionary(l => l.Key, l => l.Value);
            var rankings = new[] { (IReadOnlyDictionary<string, IReadOnlyList<string>>)some.Keys.ToDictionary(g => g, _ => (IReadOnlyList<string>)["C", "A", "D"]) };
            var value = OffPolicyEstimator.Estimate(rankings, some, labels).Value(0);
            return value.High - value.Low;
        }

        Assert.True(Width(100) > 2.5 * Width(2_000), $"{Width(100):0.000} vs {Width(2_000):0.000}");
    }

    [Fact]
    public void RefusalFor_ChallengerMostlyUnsupported_Refuses()
    {
        // The challenger's top 10 are posts the logger never showed: its support is 0 and it is not compared.
        var logs = Enumerable.Range(0, 50).ToDictionary(i => "G" + i, _ => (IReadOnlyList<LoggedShow>)[.. Enumerable.Range(0, 10).Select(k => new LoggedShow("A" + k, k + 1, 1))]);
        var labels = logs.Keys.ToDictionary(g => g, _ => (IReadOnlyDictionary<string, float>)new Dictionary<string, float> { ["A0"] = 1 });
        var logger = logs.ToDictionary(l => l.Key, l => OffPolicyEstimator.LoggedRanking(l.Value));
        var challenger = logs.Keys.ToDictionary(g => g, _ => (IReadOnlyList<string>)[.. Enumerable.Range(0, 10).Select(k => "Z" + k)]);

        var estimate = OffPolicyEstimator.Estimate([challenger, logger], logs, labels);

        Assert.Equal((0, 1), (estimate.Support[0], estimate.Support[1]));
        Assert.Contains("challenger's support on the logged lists is 0.00", estimate.RefusalFor(0, 1), StringComparison.Ordinal);
    }
}
