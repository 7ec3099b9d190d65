using Liuhu.Matching.Features;
using Liuhu.Matching.Ranking;
using Microsoft.ML.Trainers.FastTree;

namespace Liuhu.Matching.Tests.Ranking;

/// <summary>Position-bias weights enter LambdaMART as the gain of the weighted row's label, so that each pair the
/// row wins counts that many times on both of its rows, not as an example weight on the row alone.</summary>
public class WeightedGainsTests
{
    private static RankingRow Row(uint group, float label, float weight, float x) => new() { GroupId = group, Label = label, Weight = weight, Features = [x] };

    /// <summary>Unweighted rows train as they did before the weights moved into the gains.</summary>
    [Fact]
    public void Default_IsFastTreesOwnGains()
    {
        Assert.Equal(new FastTreeRankingTrainer.Options().CustomGains, WeightedGains.Default);
    }

    [Fact]
    public void Of_NoWeightedPositive_RowsAndFastTreeGainsUnchanged()
    {
        IReadOnlyList<RankingRow> rows = [Row(1, 1, 1, 0), Row(1, 0, 5, 1), Row(2, 2, 1, 0)];

        var (trained, gains) = WeightedGains.Of(rows);

        Assert.Same(rows, trained);
        Assert.Equal(WeightedGains.Default, gains);
    }

    [Fact]
    public void Of_WeightedPositives_LabelWhoseGainIsTheLabelsGainTimesTheWeight_IndicesInGainOrder()
    {
        IReadOnlyList<RankingRow> rows = [Row(1, 1, 3, 0), Row(1, 0, 1, 1), Row(2, 2, 3, 0), Row(3, 1, 3.1f, 0), Row(4, 1, 1, 0), Row(4, 2, 1, 1)];

        var (trained, gains) = WeightedGains.Of(rows);

        Assert.Equal(rows.Count, trained.Count);
        Assert.Equal(WeightedGains.Default[1] * 3, gains[(int)trained[0].Label]);
        Assert.Equal(0, trained[1].Label);
        Assert.Equal(WeightedGains.Default[2] * 3, gains[(int)trained[2].Label]);
        Assert.Equal(trained[0].Label, trained[3].Label); // 3.1 rounds to the same 0.25 step as 3
        Assert.Equal(WeightedGains.Default[1], gains[(int)trained[4].Label]);
        Assert.Equal(WeightedGains.Default[2], gains[(int)trained[5].Label]);
        Assert.All(trained, r => Assert.Equal(1, r.Weight));

        // FastTree orders pairs and each group's ideal DCG by label index: a higher index must never gain less.
        Assert.Equal(gains.Order(), gains);
        Assert.True(gains.Length >= WeightedGains.Default.Length);
    }

    /// <summary>In each graduate's group, one application with x = 1 shown deep (weight 4) and two with x = 0 shown
    /// at the top (weight 1), each beside a post they passed over of the other kind. Weighted, x = 1 is what the group
    /// says more of (4 against 2); unweighted, x = 0 (2 against 1).</summary>
    [Fact]
    public void Train_OneDeepApplicationOutweighsTwoAtTheTop_ModelFollowsTheWeights()
    {
        var schema = new FeatureSchema("weighted-gain-test");
        schema.Add("X");
        var rows = new List<RankingRow>();
        for (uint g = 0; g < 100; g++)
        {
            rows.AddRange([Row(g, 1, 4, 1), Row(g, 0, 1, 0), Row(g, 1, 1, 0), Row(g, 0, 1, 1), Row(g, 1, 1, 0), Row(g, 0, 1, 1)]);
        }

        var withWeights = RankingModel.Train(rows, schema, trees: 5);
        var without = RankingModel.Train(rows, schema, trees: 5, weights: WeightUse.None);

        var one = new FeatureVector(schema, [1]);
        var zero = new FeatureVector(schema, [0]);
        Assert.True(withWeights.Score([one])[0] > withWeights.Score([zero])[0]);
        Assert.True(without.Score([one])[0] < without.Score([zero])[0]);
    }
}
