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
    private readonly int[] leafStarts;
    private readonly int[] features;
    private readonly float[] thresholds;
    private readonly int[] lessOrEqual;
    private readonly int[] greater;
    private readonly double[] leaves;
    private readonly double bias;
    private TreeSides? sides;

    private FlatTreeEnsemble(int[] roots, int[] leafStarts, int[] features, float[] thresholds, int[] lessOrEqual, int[] greater, double[] leaves, double bias, int featureCount)
    {
        this.roots = roots;
        this.leafStarts = leafStarts;
        this.features = features;
        this.thresholds = thresholds;
        this.lessOrEqual = lessOrEqual;
        this.greater = greater;
        this.leaves = leaves;
        this.bias = bias;
        FeatureCount = featureCount;
    }

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
        var leafStarts = new int[trees.Count];
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
            leafStarts[t] = leafBase;
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
        return new FlatTreeEnsemble(roots, leafStarts, features, thresholds, lessOrEqual, greater, [.. leaves], ensemble.Bias, width);
    }

    /// <summary>What is added to the trees' sum (ML.NET's bias).</summary>
    public double Bias => bias;

    /// <summary>The features tree <paramref name="tree"/> splits on (none for a tree of one leaf).</summary>
    public IReadOnlySet<int> SplitFeatures(int tree)
    {
        var split = new HashSet<int>();
        for (var node = roots[tree]; node < NodeEnd(tree); node++)
        {
            if (lessOrEqual[node] != greater[node])
            {
                split.Add(features[node]);
            }
        }

        return split;
    }

    /// <summary>The trees split, once per feature classification (cached for the last one asked): those that read
    /// only <paramref name="itemOnly"/> features, those that read only <paramref name="queryOnly"/> features, and
    /// the rest. A tree of one leaf reads nothing and goes with the item's trees.</summary>
    public TreeSides Sides(IReadOnlySet<int> itemOnly, IReadOnlySet<int> queryOnly)
    {
        ArgumentNullException.ThrowIfNull(itemOnly);
        ArgumentNullException.ThrowIfNull(queryOnly);
        if (sides is { } cached && ReferenceEquals(cached.ItemOnly, itemOnly) && ReferenceEquals(cached.QueryOnly, queryOnly))
        {
            return cached;
        }

        List<int> item = [], query = [], pair = [];
        for (var t = 0; t < roots.Length; t++)
        {
            var split = SplitFeatures(t);
            (split.IsSubsetOf(itemOnly) ? item : split.IsSubsetOf(queryOnly) ? query : pair).Add(t);
        }

        var made = new TreeSides(this, itemOnly, queryOnly, Subset(item), Subset(query), Subset(pair));
        sides = made;
        return made;
    }

    /// <summary>The given trees (in their order) as an ensemble of their own, without the bias.</summary>
    public FlatTreeEnsemble Subset(IReadOnlyList<int> trees)
    {
        ArgumentNullException.ThrowIfNull(trees);
        var nodeCount = trees.Sum(t => NodeEnd(t) - roots[t]);
        var subRoots = new int[trees.Count];
        var subLeafStarts = new int[trees.Count];
        var subFeatures = new int[nodeCount];
        var subThresholds = new float[nodeCount];
        var subLess = new int[nodeCount];
        var subGreater = new int[nodeCount];
        var subLeaves = new List<double>();
        var node = 0;
        for (var k = 0; k < trees.Count; k++)
        {
            var t = trees[k];
            var (nodeBase, leafBase, leafEnd) = (roots[t], leafStarts[t], t + 1 < roots.Length ? leafStarts[t + 1] : leaves.Length);
            subRoots[k] = node;
            subLeafStarts[k] = subLeaves.Count;
            var newLeafBase = subLeaves.Count;
            subLeaves.AddRange(leaves.AsSpan(leafBase, leafEnd - leafBase));
            int Child(int c) => c < 0 ? ~(~c - leafBase + newLeafBase) : c - nodeBase + node;
            for (var n = nodeBase; n < NodeEnd(t); n++)
            {
                subFeatures[node + n - nodeBase] = features[n];
                subThresholds[node + n - nodeBase] = thresholds[n];
                subLess[node + n - nodeBase] = Child(lessOrEqual[n]);
                subGreater[node + n - nodeBase] = Child(greater[n]);
            }

            node += NodeEnd(t) - nodeBase;
        }

        return new FlatTreeEnsemble(subRoots, subLeafStarts, subFeatures, subThresholds, subLess, subGreater, [.. subLeaves], 0, FeatureCount);
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

    private int NodeEnd(int tree) => tree + 1 < roots.Length ? roots[tree + 1] : features.Length;

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
            if (lessOrEqual[node] == greater[node])
            {
                continue; // a single-leaf tree has no split to credit
            }

            var output = leaves[~Leaf(row, node)];
            while (node >= 0)
            {
                var feature = features[node];
                int otherWay;
                if (row[feature] <= thresholds[node])
                {
                    otherWay = greater[node];
                    node = lessOrEqual[node];
                }
                else
                {
                    otherWay = lessOrEqual[node];
                    node = greater[node];
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
        while (node >= 0)
        {
            node = row[features[node]] <= thresholds[node] ? lessOrEqual[node] : greater[node];
        }

        return node;
    }
}

/// <summary>An ensemble's trees by what they read (see <see cref="FlatTreeEnsemble.Sides"/>): a tree that splits
/// only on features of the item (a post) gives the same leaf for that item whatever the query, so its sum is taken
/// once per item; one that splits only on the query's (the graduate's) once per request; only the rest are walked per
/// pair. The score is the same sum regrouped: the three partial sums and the bias added in doubles, then cast to
/// float, as <see cref="FlatTreeEnsemble.Score"/> does (equal to it but for the last bits of the double).</summary>
public sealed class TreeSides(FlatTreeEnsemble all, IReadOnlySet<int> itemOnly, IReadOnlySet<int> queryOnly, FlatTreeEnsemble itemTrees, FlatTreeEnsemble queryTrees, FlatTreeEnsemble pairTrees)
{
    public FlatTreeEnsemble All { get; } = all;

    public IReadOnlySet<int> ItemOnly { get; } = itemOnly;

    public IReadOnlySet<int> QueryOnly { get; } = queryOnly;

    public FlatTreeEnsemble ItemTrees { get; } = itemTrees;

    public FlatTreeEnsemble QueryTrees { get; } = queryTrees;

    public FlatTreeEnsemble PairTrees { get; } = pairTrees;

    /// <param name="itemSum"><see cref="ItemTrees"/>' sum for the row's item.</param>
    /// <param name="querySum"><see cref="QueryTrees"/>' sum for the row's query.</param>
    public float Score(ReadOnlySpan<float> row, double itemSum, double querySum) => (float)(itemSum + querySum + PairTrees.Sum(row) + All.Bias);
}
