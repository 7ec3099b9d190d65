using System.Diagnostics;
using Liuhu.Core.Domain;
using Liuhu.Matching.Features;
using Liuhu.Matching.Ranking;

namespace Liuhu.Ml.Cli;

/// <summary><c>evaluate --ablations</c>: why the learned ranker and the reference differ in one world. The same
/// training pairs (labels, IPS weights, groups) are given to the same trainer over subsets of the union of the
/// learned ranker's features and the reference's raw attributes, with the tree count and the weights varied, and
/// each model is judged as the evaluation judges them (hidden utility, capacity-aware, same tie-breaks). A
/// diagnostic: nothing here is served.</summary>
internal static class FeatureAblation
{
    private sealed record Variant(string Name, Func<Feature, bool> Keep, int Trees, WeightUse Weights, bool Dcg = false);

    public static void Print(TrainingSet set, TrainingSet truth, IReadOnlyDictionary<string, SeekerProfile> seekers, IReadOnlyDictionary<string, PostProfile> posts)
    {
        var union = new FeatureSchema("union");
        var pairPart = PairFeatures.Schema.Features.Select(f => (Source: f, Column: union.Add("p." + f.Name))).ToList();
        var rawPart = RawFeatures.Schema.Features.Select(f => (Source: f, Column: union.Add("r." + f.Name))).ToList();
        bool IsPair(Feature c) => c.Name.StartsWith("p.", StringComparison.Ordinal);
        bool IsRaw(Feature c) => c.Name.StartsWith("r.", StringComparison.Ordinal);
        var budget = TrainingService.TreesFor(set.Training.Count);
        Variant[] variants =
        [
            new("learned features, IPS as example weight (before)", IsPair, budget, WeightUse.ExampleWeight),
            new("learned features, no weights", IsPair, budget, WeightUse.None),
            new("learned features, IPS as pair gain, NDCG", IsPair, budget, WeightUse.PairGain),
            new("learned features, IPS as pair gain, DCG", IsPair, budget, WeightUse.PairGain, Dcg: true),
            new("raw features, IPS as example weight (reference before)", IsRaw, 300, WeightUse.ExampleWeight),
            new("raw features, no weights", IsRaw, 300, WeightUse.None),
            new("raw features, IPS as pair gain, NDCG", IsRaw, 300, WeightUse.PairGain),
            new("raw features, IPS as pair gain, DCG", IsRaw, 300, WeightUse.PairGain, Dcg: true),
            new("learned + raw, IPS as pair gain, NDCG", _ => true, 300, WeightUse.PairGain),
        ];

        float[] Row(SeekerProfile seeker, PostProfile post, DateTimeOffset at, PostStats stats, float[]? pair = null)
        {
            var row = new float[union.Count];
            pair ??= PairFeatures.Evaluate(seeker, post, at, stats).Features.Values;
            var raw = RawFeatures.Evaluate(seeker, post, at, stats).Values;
            foreach (var (source, column) in pairPart)
            {
                row[column.Index] = pair[source.Index];
            }

            foreach (var (source, column) in rawPart)
            {
                row[column.Index] = raw[source.Index];
            }

            return row;
        }

        var training = set.Training.Select(p => (Pair: p, Row: Row(seekers[p.GraduateId], posts[p.VacancyId], p.ShownAt, set.Timeline.StatsAt(posts[p.VacancyId], p.ShownAt), p.Features.Values))).ToList();
        var stats = truth.Posts.ToDictionary(p => p.Vacancy.VacancyId, p => truth.Timeline.StatsAt(p, truth.Cutoff), StringComparer.Ordinal);
        var heldOut = truth.HeldOut.Select(g =>
        {
            var open = HeldOutEvaluation.Open(truth, g, stats);
            return (Rows: open.Select(p => Row(g.Seeker, p, g.At, stats[p.Vacancy.VacancyId])).ToList(), Labels: open.Select(p => g.Labels.GetValueOrDefault(p.Vacancy.VacancyId)).ToArray());
        }).ToList();

        Console.WriteLine($"  ablations ({training.Count:N0} training pairs; trainer's budget {budget} trees; NDCG@10 on hidden utility, capacity-aware):");
        foreach (var variant in variants)
        {
            var kept = union.Features.Where(variant.Keep).ToList();
            var schema = new FeatureSchema(variant.Name);
            foreach (var f in kept)
            {
                schema.Add(f.Name);
            }

            float[] Select(float[] row) => kept.Select(f => row[f.Index]).ToArray();
            var rows = training.Select(t => new RankingRow { GroupId = t.Pair.GroupId, Label = t.Pair.Label, Weight = t.Pair.Weight, Features = Select(t.Row) }).ToList();
            var watch = Stopwatch.StartNew();
            var model = RankingModel.Train(rows, schema, variant.Name, trees: variant.Trees, weights: variant.Weights, trainDcg: variant.Dcg);
            watch.Stop();
            var ndcg = heldOut.Select((g, i) =>
            {
                var scores = model.Score(g.Rows.Select(Select).ToList());
                var value = Ndcg.AtK(scores.Select((s, j) => (s, g.Labels[j])).ToList(), 10, new Random(unchecked((7 * 1_000_003) + i)));
                return double.IsNaN(value) ? 0 : value;
            }).ToList();
            var top = model.FeatureImportance().Take(5).Select(p => $"{p.Key} {p.Value:0.00}");
            Console.WriteLine($"    {variant.Name,-55} {Bootstrap.Of(ndcg)}  trained in {watch.Elapsed.TotalSeconds:0.0} s; top: {string.Join(", ", top)}");
        }
    }
}
