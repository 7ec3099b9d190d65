using Liuhu.Matching.Features;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Liuhu.Matching.Ranking;

/// <summary>One training or scoring row: a group (a graduate, or a post on the employer side) and a pair, as
/// features. The vector's length comes from the schema at run time (see <see cref="RankingModel.DataSchema"/>).</summary>
public sealed class RankingRow
{
    public uint GroupId { get; set; }

    public float Label { get; set; }

    /// <summary>Training weight: the inverse propensity of the position the pair was shown at (1 when unknown); how it
    /// enters training is <see cref="WeightUse"/>.</summary>
    public float Weight { get; set; } = 1;

    public float[] Features { get; set; } = [];
}

/// <summary>A trained LambdaMART ranker (ML.NET FastTree) over one <see cref="FeatureSchema"/>. FastTree rather
/// than LightGBM: it is managed code and needs no libgomp on Linux, so the Functions image and CI need nothing
/// extra. Serving scores with the trees copied into flat arrays (<see cref="FlatTreeEnsemble"/>), walked per row
/// with no data view built per request; ML.NET's <see cref="ITransformer.Transform"/> stays as the reference the
/// flat walk is tested against. Both are thread-safe, so one instance serves every request.</summary>
public sealed class RankingModel : IScorer
{
    private readonly MLContext ml;
    private readonly ITransformer transformer;
    private readonly SchemaDefinition dataSchema;
    private ITransformer? contributions;

    private RankingModel(MLContext ml, ITransformer transformer, FeatureSchema schema, string version)
    {
        this.ml = ml;
        this.transformer = transformer;
        Schema = schema;
        Version = version;
        dataSchema = DataSchema(schema);
        Flat = FlatTreeEnsemble.From(Predictor().Model.TrainedTreeEnsemble, schema.Count);
    }

    /// <summary>The trees as flat arrays (null only for a model this trainer does not produce: then ML.NET scores).</summary>
    public FlatTreeEnsemble? Flat { get; }

    public FeatureSchema Schema { get; }

    public string Version { get; }

    public static RankingModel Train(IReadOnlyList<RankingRow> rows, FeatureSchema schema, string version = "trained", int seed = 20240102, int trees = 100,
        WeightUse weights = WeightUse.PairGain, bool trainDcg = false)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(schema);
        var (trainingRows, gains) = weights == WeightUse.PairGain ? WeightedGains.Of(rows) : (rows, WeightedGains.Default);

        // FastTree keeps the custom gains in statics shared by the process (DcgCalculator.LabelGainMap, set when the
        // trainer checks its options): two trainings at once, with different gains, would each train on the
        // other's. One at a time per process; each uses every core already.
        lock (TrainingGate)
        {
            return TrainAlone(trainingRows, gains, schema, version, seed, trees, weights, trainDcg);
        }
    }

    private static readonly Lock TrainingGate = new();

    private static RankingModel TrainAlone(IReadOnlyList<RankingRow> trainingRows, double[] gains, FeatureSchema schema, string version, int seed, int trees,
        WeightUse weights, bool trainDcg)
    {
        var ml = new MLContext(seed);
        var data = ml.Data.LoadFromEnumerable(trainingRows, DataSchema(schema));

        // Group ids are hashed to keys, so groups unseen in training still evaluate as separate groups.
        var pipeline = ml.Transforms.Conversion.Hash("GroupKey", nameof(RankingRow.GroupId), numberOfBits: 24)
            .Append(ml.Ranking.Trainers.FastTree(new FastTreeRankingTrainer.Options
            {
                LabelColumnName = nameof(RankingRow.Label),
                FeatureColumnName = nameof(RankingRow.Features),
                RowGroupColumnName = "GroupKey",
                ExampleWeightColumnName = weights == WeightUse.ExampleWeight ? nameof(RankingRow.Weight) : null,
                CustomGains = gains,
                UseDcg = trainDcg,
                NumberOfTrees = trees,
                NumberOfLeaves = 24,
                MinimumExampleCountPerLeaf = 20,
                LearningRate = 0.15,
                NumberOfThreads = Environment.ProcessorCount,
            }));
        return new RankingModel(ml, pipeline.Fit(data), schema, version);
    }

    public static RankingModel Load(Stream stream, FeatureSchema schema, string version)
    {
        var ml = new MLContext(0);
        return new RankingModel(ml, ml.Model.Load(stream, out _), schema, version);
    }

    /// <summary>The row type's schema with the feature vector sized to <paramref name="schema"/>.</summary>
    public static SchemaDefinition DataSchema(FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var definition = SchemaDefinition.Create(typeof(RankingRow));
        definition[nameof(RankingRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, schema.Count);
        return definition;
    }

    public void Save(Stream stream)
    {
        var schema = ml.Data.LoadFromEnumerable(Array.Empty<RankingRow>(), dataSchema).Schema;
        ml.Model.Save(transformer, schema, stream);
    }

    public float[] Score(IReadOnlyList<FeatureVector> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (Flat is null)
        {
            return TransformScores(rows);
        }

        CheckSchema(rows);
        var scores = new float[rows.Count];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = Flat.Score(rows[i].Values);
        }

        return scores;
    }

    /// <summary>Scores through ML.NET's pipeline (<c>Transform</c>): the reference the flat walk must equal.</summary>
    public float[] TransformScores(IReadOnlyList<FeatureVector> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.Count == 0 ? [] : transformer.Transform(View(rows)).GetColumn<float>("Score").ToArray();
    }

    public float[] Score(IReadOnlyList<float[]> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        return Score(features.Select(f => new FeatureVector(Schema, f)).ToList());
    }

    /// <summary>Per-prediction contributions of each feature to the score, as the trees compute them (ML.NET
    /// feature contribution calculation: the path each row takes through each tree, not a global importance).</summary>
    public float[][] Contributions(IReadOnlyList<FeatureVector> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (Flat is null)
        {
            return TransformContributions(rows);
        }

        CheckSchema(rows);
        var result = new float[rows.Count][];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new float[Math.Max(Schema.Count, Flat.FeatureCount)];
            Flat.AddContributions(rows[i].Values, result[i]);
        }

        return result;
    }

    /// <summary>Contributions through ML.NET's feature contribution transform: the reference for the flat walk.</summary>
    public float[][] TransformContributions(IReadOnlyList<FeatureVector> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return [];
        }

        var view = View(rows);
        contributions ??= ml.Transforms.CalculateFeatureContribution(Predictor(), numberOfPositiveContributions: Schema.Count, numberOfNegativeContributions: Schema.Count, normalize: false)
            .Fit(transformer.Transform(view));
        return contributions.Transform(transformer.Transform(view)).GetColumn<float[]>("FeatureContributions")
            .Select(c => c.Length == Schema.Count ? c : c.Concat(new float[Math.Max(0, Schema.Count - c.Length)]).ToArray()).ToArray();
    }

    /// <summary>Gain of each feature in the trees, normalised to sum to 1, by feature name.</summary>
    public IReadOnlyDictionary<string, double> FeatureImportance()
    {
        var weights = default(VBuffer<float>);
        Predictor().Model.GetFeatureWeights(ref weights);
        var values = weights.DenseValues().ToArray();
        var total = values.Sum();
        return Schema.Features.Select(f => (f.Name, value: f.Index < values.Length && total > 0 ? values[f.Index] / total : 0))
            .OrderByDescending(p => p.value)
            .ToDictionary(p => p.Name, p => Math.Round((double)p.value, 4));
    }

    private ISingleFeaturePredictionTransformer<FastTreeRankingModelParameters> Predictor()
    {
        var last = transformer is IEnumerable<ITransformer> chain ? chain.Last() : transformer;
        return last as ISingleFeaturePredictionTransformer<FastTreeRankingModelParameters>
            ?? throw new InvalidOperationException("The model is not a FastTree ranker.");
    }

    private IDataView View(IReadOnlyList<FeatureVector> rows)
    {
        CheckSchema(rows);
        return ml.Data.LoadFromEnumerable(rows.Select(r => new RankingRow { Features = r.Values }), dataSchema);
    }

    private void CheckSchema(IReadOnlyList<FeatureVector> rows)
    {
        foreach (var row in rows)
        {
            if (!ReferenceEquals(row.Schema, Schema))
            {
                throw new ArgumentException($"Rows of schema '{row.Schema.Name}' given to a model of '{Schema.Name}'.", nameof(rows));
            }
        }
    }
}

/// <summary>How a row's <see cref="RankingRow.Weight"/> (the inverse propensity of the position it was shown at)
/// enters training.</summary>
public enum WeightUse
{
    /// <summary>As the gain of the row's label: every pair the row wins in LambdaMART counts that many times, on both
    /// of its rows (propensity-weighted pairwise loss). LambdaMART normalises each group by its ideal DCG, so the
    /// weights set how a graduate's applications count against each other (one made at position 25 outweighs one at
    /// 2), while every graduate's group counts alike; training on DCG instead keeps the weights across groups and did
    /// worse (world 4, <c>evaluate --ablations</c>).</summary>
    PairGain,

    /// <summary>As ML.NET's example weight, which scales the row's own gradient only: its pairs' other rows keep
    /// weight 1. Kept for comparison (<c>evaluate --ablations</c>).</summary>
    ExampleWeight,

    /// <summary>Ignored.</summary>
    None,
}

/// <summary>Folds each row's weight into its label's gain: the rows of one (label, weight) get a label index of
/// their own whose gain is the label's gain times the weight, indices in the order of their gains.</summary>
public static class WeightedGains
{
    /// <summary>FastTree's own gains per label (labels 0–4; tested equal to its default): rows of weight 1 train as before.</summary>
    public static readonly double[] Default = [0, 3, 7, 15, 31];

    /// <summary>Weights are rounded to this step, which bounds the number of label indices.</summary>
    public const float Step = 0.25f;

    public static (IReadOnlyList<RankingRow> Rows, double[] Gains) Of(IReadOnlyList<RankingRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.All(r => r.Weight == 1 || r.Label == 0))
        {
            return (rows, Default);
        }

        // FastTree orders a pair and builds each group's ideal DCG by label index, so the indices follow the gains:
        // 0 for no application, then every (label, weight) that occurs by its gain, ascending.
        static (int Label, float Weight) Key(RankingRow row) => ((int)row.Label, MathF.Round(row.Weight / Step) * Step);
        var keys = rows.Where(r => r.Label > 0).Select(Key).Distinct().OrderBy(k => Default[k.Label] * k.Weight).ToList();
        var index = keys.Select((k, i) => (k, i)).ToDictionary(p => p.k, p => p.i + 1);
        var gains = new List<double> { 0 };
        gains.AddRange(keys.Select(k => Default[k.Label] * k.Weight));
        while (gains.Count < Default.Length)
        {
            gains.Add(gains[^1] + 1); // FastTree wants at least 5 gains; these labels occur in no row
        }

        var result = rows.Select(r => r.Label == 0 ? r : new RankingRow { GroupId = r.GroupId, Label = index[Key(r)], Weight = 1, Features = r.Features }).ToList();
        return (result, [.. gains]);
    }
}

/// <summary>Writes the feature row of item <paramref name="index"/> into <paramref name="row"/> (every value).</summary>
public delegate void WriteRow(int index, Span<float> row);

/// <summary>Scoring rows that are written one at a time into one reused row, as serving does: a trained model
/// walks its flat trees over the row, the weighted heuristic sums it, and only another kind of scorer gets the
/// rows as vectors of their own.</summary>
public static class RowScoring
{
    public static void ScoreEach(this IScorer scorer, int count, WriteRow write, Span<float> scores)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(write);
        var width = scorer.Schema.Count;
        if (scorer is RankingModel { Flat: { } flat } && flat.FeatureCount <= width)
        {
            Span<float> row = width <= 512 ? stackalloc float[width] : new float[width];
            for (var i = 0; i < count; i++)
            {
                write(i, row);
                scores[i] = flat.Score(row);
            }

            return;
        }

        if (scorer is WeightedScorer weighted)
        {
            var vector = scorer.Schema.NewVector();
            for (var i = 0; i < count; i++)
            {
                write(i, vector.Values);
                scores[i] = weighted.Score(vector);
            }

            return;
        }

        var rows = new List<FeatureVector>(count);
        for (var i = 0; i < count; i++)
        {
            var vector = scorer.Schema.NewVector();
            write(i, vector.Values);
            rows.Add(vector);
        }

        scorer.Score(rows).CopyTo(scores);
    }
}
