using Microsoft.ML.Trainers.FastTree;

namespace Liuhu.Matching.Ranking;

/// <summary>A trained FastTree ensemble copied into flat arrays and walked per row: the same score as ML.NET's
/// <c>Transform</c> (the trees' leaf values summed in tree order as doubles, plus the bias, then cast to float)
/// without building a data view per request. The model file stays the artefact of record; this is derived
/// from it whenever it is loaded or trained. Nodes of all trees share one set of arrays; a child below 0 is
/// the leaf <c>~child</c> of the same tree (leaf indices are offset per tree as node indices are).</summary>
public sealed class FlatTreeEnsemble
{
    private readonly int[] roots;

    /// <summary>Each node's split and both children in one 16-byte entry: a step of the walk reads one cache line,
    /// not one in each of four arrays.</summary>
    private readonly Node[] nodes;
    private readonly double[] leaves;
    private readonly double bias;

    private readonly record struct Node(int Feature, float Threshold, int LessOrEqual, int Greater);

    private FlatTreeEnsemble(int[] roots, int[] features, float[] thresholds, int[] lessOrEqual, int[] greater, double[] leaves, double bias, int featureCount)
    {
        this.roots = roots;
        nodes = [.. features.Select((f, n) => new Node(f, thresholds[n], lessOrEqual[n], greater[n]))];
        this.leaves = leaves;
        reads = new bool[featureCount];
        foreach (var node in nodes.Where(n => n.LessOrEqual != n.Greater))
        {
            reads[node.Feature] = true;
        }

        this.bias = bias;
        FeatureCount = featureCount;
    }

    private readonly bool[] reads;

    /// <summary>By feature: whether some tree splits on it (a row's other values never change a score).</summary>
    public ReadOnlySpan<bool> Reads => reads;

    /// <summary>Features the rows must have (the highest split feature + 1 at least).</summary>
    public int FeatureCount { get; }

    public int TreeCount => roots.Length;

    /// <summary>The ensemble's trees as flat arrays, or null when a tree splits on a categorical feature or is
    /// weighted (the trainer here produces neither; ML.NET's own path then scores).</summary>
    public static FlatTreeEnsemble? From(RegressionTreeEnsemble ensemble, int featureCount)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        var trees = ensemble.Trees;
        if (trees.Any(t => t.CategoricalSplitFlags.Any(c => c)) || ensemble.TreeWeights.Any(w => w != 1))
        {
            return null;
        }

        var nodeCount = trees.Sum(t => Math.Max(1, t.NumberOfNodes));
        var roots = new int[trees.Count];
        var features = new int[nodeCount];
        var thresholds = new float[nodeCount];
        var lessOrEqual = new int[nodeCount];
        var greater = new int[nodeCount];
        var leaves = new List<double>();
        var node = 0;
        for (var t = 0; t < trees.Count; t++)
        {
            var tree = trees[t];
            var leafBase = leaves.Count;
            leaves.AddRange(tree.LeafValues);
            if (tree.NumberOfLeaves <= 1 || tree.NumberOfNodes == 0)
            {
                // A tree without a split: its one leaf always answers. Encoded as a node whose both ways lead to it.
                roots[t] = node;
                features[node] = 0;
                thresholds[node] = float.PositiveInfinity;
                lessOrEqual[node] = greater[node] = ~leafBase;
                node++;
                continue;
            }

            roots[t] = node;
            int Child(int c) => c < 0 ? ~(leafBase + ~c) : node + c;
            for (var n = 0; n < tree.NumberOfNodes; n++)
            {
                features[node + n] = tree.NumericalSplitFeatureIndexes[n];
                thresholds[node + n] = tree.NumericalSplitThresholds[n];
                lessOrEqual[node + n] = Child(tree.LeftChild[n]);
                greater[node + n] = Child(tree.RightChild[n]);
            }

            node += tree.NumberOfNodes;
        }

        var width = Math.Max(featureCount, features.Length == 0 ? 0 : features.Max() + 1);
        return new FlatTreeEnsemble(roots, features, thresholds, lessOrEqual, greater, [.. leaves], ensemble.Bias, width);
    }

    /// <summary>What is added to the trees' sum (ML.NET's bias).</summary>
    public double Bias => bias;

    /// <summary>The features tree <paramref name="tree"/> splits on (none for a tree of one leaf).</summary>
    public IReadOnlySet<int> SplitFeatures(int tree)
    {
        var split = new HashSet<int>();
        for (var node = roots[tree]; node < NodeEnd(tree); node++)
        {
            if (nodes[node].LessOrEqual != nodes[node].Greater)
            {
                split.Add(nodes[node].Feature);
            }
        }

        return split;
    }

    /// <summary>The scores of <paramref name="count"/> rows laid one after another in <paramref name="rows"/>
    /// (<paramref name="width"/> values each), each exactly as <see cref="Score"/> gives it: every row's leaf values
    /// are summed in tree order. Only the loops are turned round, tree by tree over the block of rows, so that a
    /// tree's nodes are read from cache for every row of the block instead of once per row.</summary>
    public void ScoreBlock(ReadOnlySpan<float> rows, int width, int count, Span<double> totals, Span<float> scores)
    {
        if (width < FeatureCount || rows.Length < width * count || totals.Length < count || scores.Length < count)
        {
            throw new ArgumentException($"The ensemble reads {FeatureCount} features of {count} rows of {width}.", nameof(rows));
        }

        totals[..count].Clear();
        for (var t = 0; t < roots.Length; t++)
        {
            var root = roots[t];
            for (var r = 0; r < count; r++)
            {
                totals[r] += leaves[~Leaf(rows.Slice(r * width, width), root)];
            }
        }

        for (var r = 0; r < count; r++)
        {
            scores[r] = (float)(totals[r] + bias);
        }
    }

    /// <summary>The trees' leaf values for this row summed in tree order, without the bias.</summary>
    public double Sum(ReadOnlySpan<float> row)
    {
        if (row.Length < FeatureCount)
        {
            throw new ArgumentException($"The ensemble reads {FeatureCount} features, the row has {row.Length}.", nameof(row));
        }

        var total = 0.0;
        for (var t = 0; t < roots.Length; t++)
        {
            total += leaves[~Leaf(row, roots[t])];
        }

        return total;
    }

    private int NodeEnd(int tree) => tree + 1 < roots.Length ? roots[tree + 1] : nodes.Length;

    /// <summary>The score of one row, as ML.NET computes it.</summary>
    public float Score(ReadOnlySpan<float> row) => (float)(Sum(row) + bias);

    /// <summary>Adds each feature's contribution to this row's score into <paramref name="into"/>, as ML.NET's
    /// feature contribution calculation does for a tree ensemble (unnormalised): at each split on the row's path,
    /// the split's feature is credited with the row's leaf value less the leaf value the row would reach had
    /// it gone the other way there.</summary>
    public void AddContributions(ReadOnlySpan<float> row, Span<float> into)
    {
        if (row.Length < FeatureCount || into.Length < FeatureCount)
        {
            throw new ArgumentException($"The ensemble reads {FeatureCount} features.", nameof(row));
        }

        for (var t = 0; t < roots.Length; t++)
        {
            var node = roots[t];
            if (nodes[node].LessOrEqual == nodes[node].Greater)
            {
                continue; // a single-leaf tree has no split to credit
            }

            var output = leaves[~Leaf(row, node)];
            while (node >= 0)
            {
                var (feature, threshold, lessOrEqual, greater) = nodes[node];
                int otherWay;
                if (row[feature] <= threshold)
                {
                    otherWay = greater;
                    node = lessOrEqual;
                }
                else
                {
                    otherWay = lessOrEqual;
                    node = greater;
                }

                var ghost = otherWay < 0 ? leaves[~otherWay] : leaves[~Leaf(row, otherWay)];
                into[feature] += (float)(output - ghost);
            }
        }
    }

    /// <summary>The leaf (as <c>~index</c>) the row reaches from <paramref name="node"/>. A missing value (NaN)
    /// compares false and goes the greater way, as in ML.NET when no default for missing values was learned.</summary>
    private int Leaf(ReadOnlySpan<float> row, int node)
    {
        var all = nodes;
        while (node >= 0)
        {
            ref readonly var split = ref all[node];
            node = row[split.Feature] <= split.Threshold ? split.LessOrEqual : split.Greater;
        }

        return node;
    }
}

