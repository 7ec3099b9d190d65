using Liuhu.Matching.Features;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Liuhu.Matching.Ranking;

/// <summary>One training or scoring row: a graduate (the group) and a post, as features.</summary>
public sealed class RankingRow
{
    public uint GroupId { get; set; }

    public float Label { get; set; }

    [VectorType(PairFeatures.Count)]
    public float[] Features { get; set; } = [];
}

/// <summary>A trained LambdaMART ranker (ML.NET FastTree). FastTree rather than LightGBM: it is managed code
/// and needs no libgomp on Linux, so the Functions image and CI need nothing extra; at 20 features the
/// quality difference is small. Scoring goes through <see cref="ITransformer.Transform"/>, which is
/// thread-safe, so one instance serves every request.</summary>
public sealed class RankingModel
{
    private readonly MLContext ml;
    private readonly ITransformer transformer;

    private RankingModel(MLContext ml, ITransformer transformer)
    {
        this.ml = ml;
        this.transformer = transformer;
    }

    public static RankingModel Train(IReadOnlyList<RankingRow> rows, int seed = 20240102)
    {
        var ml = new MLContext(seed);
        var data = ml.Data.LoadFromEnumerable(rows);

        // Group ids are hashed to keys, so groups unseen in training still evaluate as separate groups.
        var pipeline = ml.Transforms.Conversion.Hash("GroupKey", nameof(RankingRow.GroupId), numberOfBits: 24)
            .Append(ml.Ranking.Trainers.FastTree(new FastTreeRankingTrainer.Options
            {
                LabelColumnName = nameof(RankingRow.Label),
                FeatureColumnName = nameof(RankingRow.Features),
                RowGroupColumnName = "GroupKey",
                NumberOfTrees = 200,
                NumberOfLeaves = 24,
                MinimumExampleCountPerLeaf = 20,
                LearningRate = 0.1,
                NumberOfThreads = Environment.ProcessorCount,
            }));
        return new RankingModel(ml, pipeline.Fit(data));
    }

    public static RankingModel Load(Stream stream)
    {
        var ml = new MLContext(0);
        return new RankingModel(ml, ml.Model.Load(stream, out _));
    }

    public void Save(Stream stream)
    {
        var schema = ml.Data.LoadFromEnumerable(Array.Empty<RankingRow>()).Schema;
        ml.Model.Save(transformer, schema, stream);
    }

    public float[] Score(IReadOnlyList<float[]> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Count == 0)
        {
            return [];
        }

        var data = ml.Data.LoadFromEnumerable(features.Select(f => new RankingRow { Features = f }));
        return transformer.Transform(data).GetColumn<float>("Score").ToArray();
    }

    /// <summary>Gain of each feature in the trees, normalised to sum to 1, by feature name.</summary>
    public IReadOnlyDictionary<string, double> FeatureImportance()
    {
        var last = transformer is IEnumerable<ITransformer> chain ? chain.Last() : transformer;
        if (last is not ISingleFeaturePredictionTransformer<FastTreeRankingModelParameters> predictor)
        {
            return new Dictionary<string, double>();
        }

        var weights = default(VBuffer<float>);
        predictor.Model.GetFeatureWeights(ref weights);
        var values = weights.DenseValues().ToArray();
        var total = values.Sum();
        return PairFeatures.Names.Select((name, i) => (name, value: i < values.Length && total > 0 ? values[i] / total : 0))
            .OrderByDescending(p => p.value)
            .ToDictionary(p => p.name, p => Math.Round((double)p.value, 4));
    }
}
