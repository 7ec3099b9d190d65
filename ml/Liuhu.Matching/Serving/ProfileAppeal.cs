using System.Runtime.CompilerServices;
using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Matching.Features;
using Liuhu.Matching.Ranking;

namespace Liuhu.Matching.Serving;

/// <summary>How the serving model rates each post for a graduate "profile cell": a degree level, an expected-pay
/// band, and whether the post is in, out of, or unconstrained by the graduate's preferred cluster and district.
/// The model learns what graduates reveal by their choices (districts they avoid, benefits, pay against expectation,
/// an employer's pull) on top of what they state, and these ratings carry it per graduate: the candidate stage looks
/// each post's rating up in the cells of the graduate's level and pay band, by whether the post lies in the clusters
/// and districts the graduate prefers — one lookup per post, no model call per request. Cells are prototypes with no
/// major, no skills, not from elsewhere and not 离校未就业: the inverted lists bring the major and skills; residency,
/// which the graduate-side ranker may weigh (housing matters more to a graduate from elsewhere), is left out of the
/// candidate stage, and no protected attribute is in any profile.</summary>
public static class ProfileAppeal
{
    /// <summary>Expected monthly pay each band's prototype states (null: none stated); a graduate takes the nearest
    /// on a log scale.</summary>
    public static readonly IReadOnlyList<int?> PayBands = [null, 3500, 5000, 7000];

    /// <summary>Cells per level: pay bands × cluster state × district state (none stated, in, out).</summary>
    public static int CellCount => PayBands.Count * 9;

    /// <summary>The cell index of a pay band and the two preference states (0 none stated, 1 the post is in one
    /// preferred, 2 the graduate prefers others).</summary>
    public static int Cell(int band, int clusterState, int districtState) => (band * 9) + (clusterState * 3) + districtState;

    /// <summary>The band whose prototype pay is nearest <paramref name="expected"/> (log scale); band 0 when none stated.</summary>
    public static int BandOf(int? expected)
    {
        if (expected is not > 0)
        {
            return 0;
        }

        var (best, distance) = (1, double.MaxValue);
        for (var b = 1; b < PayBands.Count; b++)
        {
            var d = Math.Abs(Math.Log(expected.Value / (double)PayBands[b]!.Value));
            if (d < distance)
            {
                (best, distance) = (b, d);
            }
        }

        return best;
    }

    /// <summary>Every cell's rating of every post (<c>[cell][post]</c>, in the index's order) for a graduate of
    /// <paramref name="degree"/>; filled posts get <see cref="float.MinValue"/>.</summary>
    public static float[][] Of(IReadOnlyList<PostProfile> posts, IScorer model, DateTimeOffset now, Degree degree)
    {
        ArgumentNullException.ThrowIfNull(posts);
        ArgumentNullException.ThrowIfNull(model);
        PostFeatureParts.Prepare(posts);
        var open = Enumerable.Range(0, posts.Count).Where(i => posts[i].RemainingOpenings > 0).ToArray();
        var cells = new float[CellCount][];

        // The flat trees are read-only and safe to walk from several threads; other scorers are asked one cell at a time.
        Parallel.For(0, CellCount, new ParallelOptions { MaxDegreeOfParallelism = model is RankingModel { Flat: not null } ? Environment.ProcessorCount : 1 }, cell =>
        {
            var (band, cs, ds) = (cell / 9, cell / 3 % 3, cell % 3);

            // One prototype per (cluster, district) a post can be in: "in" states name the post's own. Each cell keeps
            // its own, so no lock is taken per post.
            var seekers = new Dictionary<(string? Cluster, string? District), SeekerFeatureParts>();
            SeekerFeatureParts SeekerFor(PostProfile post)
            {
                var key = (cs == 1 ? post.Vacancy.Cluster : null, ds == 1 ? post.Vacancy.District : null);
                if (!seekers.TryGetValue(key, out var parts))
                {
                    seekers[key] = parts = new SeekerProfile(Prototype(degree, PayBands[band], Preference(cs, post.Vacancy.Cluster), Preference(ds, post.Vacancy.District)), MajorCatalog.Default).FeatureParts;
                }

                return parts;
            }

            var scores = new float[open.Length];
            model.ScoreEach(open.Length, (k, row) =>
            {
                var post = posts[open[k]];
                PairFeatures.Write(SeekerFor(post), post, now, post.Live, row);
            }, scores);
            var result = new float[posts.Count];
            Array.Fill(result, float.MinValue);
            for (var k = 0; k < open.Length; k++)
            {
                result[open[k]] = scores[k];
            }

            cells[cell] = result;
        });
        return cells;
    }

    /// <summary>A preference state as the prototype's list: none, the post's own, or one the post is not in.</summary>
    private static string[] Preference(int state, string? own) => state switch
    {
        0 => [],
        1 => own is null ? ["-"] : [own],
        _ => ["-"],
    };

    private static GraduateProfile Prototype(Degree degree, int? pay, string[] clusters, string[] districts) =>
        new()
        {
            GraduateId = "appeal", Degree = degree, ExpectedSalary = pay, PreferredClusters = clusters, PreferredDistricts = districts,
            Consent = new Consent(true, false),
        };
}

/// <summary>The index's side of <see cref="ProfileAppeal"/>: each post's cluster and district as small integers, and
/// for one graduate each post's rating from the cells of its level and band (<see cref="For"/>), read per post where
/// the candidate stage asks, never computed for every post. Which of a graduate's cells rates a post depends only on
/// the post's (cluster, district) group, so each cell keeps, per group, the group's posts in its rating order (the
/// first <see cref="PrefixPerGroup"/>, sorted off the request path by <see cref="PrepareOrders"/>, or else when the cell is first read): a graduate's top N is a merge of the
/// groups' fronts, N heap steps over the groups instead of a scan of every post.</summary>
internal sealed class ProfileCells
{
    /// <summary>Posts kept per group and cell in rating order: a request takes at most its candidate limit from one
    /// group; a limit that runs past a longer group's prefix falls back to reading every post's rating.</summary>
    internal const int PrefixPerGroup = 512;

    private readonly int[] clusterOf;
    private readonly int[] districtOf;
    private readonly Dictionary<string, int> clusterIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> districtIds = new(StringComparer.Ordinal);

    /// <summary>Posts by (cluster, district) group: group g's posts are <c>grouped[groupStart[g]..groupStart[g + 1]]</c>,
    /// in index order; the group's cluster and district ids are <c>g / districtWidth</c> and <c>g % districtWidth</c>.</summary>
    private readonly int[] grouped;
    private readonly int[] groupStart;
    private readonly int districtWidth;

    /// <summary>Each cell's per-group rating order, made when first read (keyed by the cell's ratings array).</summary>
    private readonly ConditionalWeakTable<float[], CellOrder> orders = new();

    public ProfileCells(IReadOnlyList<PostProfile> posts)
    {
        clusterOf = [.. posts.Select(p => Id(clusterIds, p.Vacancy.Cluster))];
        districtOf = [.. posts.Select(p => Id(districtIds, p.Vacancy.District))];
        (grouped, groupStart, districtWidth) = Groups(clusterOf, districtOf, clusterIds.Count, districtIds.Count);
    }

    /// <summary>From what <see cref="Stored"/> gave, so that an index taken from a snapshot need not read every post.</summary>
    /// <exception cref="InvalidDataException">Ids that are not the keys'.</exception>
    public ProfileCells((int[] ClusterOf, int[] DistrictOf, string[] Clusters, string[] Districts) stored, int count)
    {
        clusterOf = Checked(stored.ClusterOf, stored.Clusters, clusterIds, count);
        districtOf = Checked(stored.DistrictOf, stored.Districts, districtIds, count);
        (grouped, groupStart, districtWidth) = Groups(clusterOf, districtOf, clusterIds.Count, districtIds.Count);
    }

    /// <summary>Each post's cluster and district id, and the codes the ids stand for (id = position + 1).</summary>
    public (int[] ClusterOf, int[] DistrictOf, string[] Clusters, string[] Districts) Stored =>
        (clusterOf, districtOf, [.. clusterIds.OrderBy(c => c.Value).Select(c => c.Key)], [.. districtIds.OrderBy(d => d.Value).Select(d => d.Key)]);

    private static int[] Checked(int[] ids, string[] keys, Dictionary<string, int> idOf, int count)
    {
        if (ids.Length != count || ids.Any(i => (uint)i > (uint)keys.Length))
        {
            throw new InvalidDataException("Stored profile-cell ids do not fit the posts or their codes.");
        }

        for (var k = 0; k < keys.Length; k++)
        {
            if (!idOf.TryAdd(keys[k], k + 1))
            {
                throw new InvalidDataException($"Profile-cell code {keys[k]} stored twice.");
            }
        }

        return ids;
    }

    private static (int[] Grouped, int[] Start, int DistrictWidth) Groups(int[] clusterOf, int[] districtOf, int clusters, int districts)
    {
        var width = districts + 1;
        var start = new int[((clusters + 1) * width) + 1];
        for (var i = 0; i < clusterOf.Length; i++)
        {
            start[(clusterOf[i] * width) + districtOf[i] + 1]++;
        }

        for (var g = 1; g < start.Length; g++)
        {
            start[g] += start[g - 1];
        }

        var grouped = new int[clusterOf.Length];
        var next = start[..^1];
        for (var i = 0; i < clusterOf.Length; i++)
        {
            grouped[next[(clusterOf[i] * width) + districtOf[i]]++] = i;
        }

        return (grouped, start, width);
    }

    /// <summary>This graduate's ratings: <paramref name="cells"/> are the ratings of the graduate's level.</summary>
    public PersonalRatings For(SeekerProfile seeker, float[][] cells)
    {
        var band = ProfileAppeal.BandOf(seeker.ExpectedSalary);
        var clusters = Mask(clusterIds, seeker.PreferredClusters);
        var districts = Mask(districtIds, seeker.PreferredDistricts);

        // The cells each combination of (post in a preferred cluster, in a preferred district) reads.
        var cs = clusters is null ? (0, 0) : (2, 1);
        var ds = districts is null ? (0, 0) : (2, 1);
        return new PersonalRatings(this, clusters, districts,
            cells[ProfileAppeal.Cell(band, cs.Item1, ds.Item1)], cells[ProfileAppeal.Cell(band, cs.Item2, ds.Item1)],
            cells[ProfileAppeal.Cell(band, cs.Item1, ds.Item2)], cells[ProfileAppeal.Cell(band, cs.Item2, ds.Item2)]);
    }

    /// <summary>One graduate's rating of each post: one of four cells by whether the post is in a preferred cluster
    /// and district (the four are one when none is stated).</summary>
    internal sealed class PersonalRatings(ProfileCells owner, bool[]? clusters, bool[]? districts, float[] neither, float[] clusterOnly, float[] districtOnly, float[] both)
    {
        /// <summary>The one cell that rates every post, when no preference is stated.</summary>
        public float[]? Single => clusters is null && districts is null ? neither : null;

        public float this[int post] => CellOf(clusters is not null && clusters[owner.clusterOf[post]], districts is not null && districts[owner.districtOf[post]])[post];

        private float[] CellOf(bool inCluster, bool inDistrict) => inCluster ? (inDistrict ? both : clusterOnly) : (inDistrict ? districtOnly : neither);

        /// <summary>The <paramref name="take"/> posts rated highest (ties by position), best first, leaving out filled
        /// ones: as <see cref="Top(float[], int, int)"/> over every post's rating, from the groups' orders.</summary>
        public List<int> Top(int take)
        {
            var groups = owner.groupStart.Length - 1;
            var fronts = new (CellOrder Order, float[] Cell, int At, int End)[groups];
            var heap = new PriorityQueue<int, ulong>(groups);
            for (var g = 0; g < groups; g++)
            {
                if (owner.groupStart[g] == owner.groupStart[g + 1])
                {
                    continue;
                }

                var cell = CellOf(clusters is not null && clusters[g / owner.districtWidth], districts is not null && districts[g % owner.districtWidth]);
                var order = owner.OrderOf(cell);
                fronts[g] = (order, cell, order.Start[g], order.Start[g + 1]);
                if (fronts[g].At < fronts[g].End)
                {
                    heap.Enqueue(g, Key(cell, order.Ids[fronts[g].At]));
                }
            }

            var result = new List<int>(Math.Max(0, Math.Min(take, owner.clusterOf.Length)));
            while (result.Count < take && heap.TryDequeue(out var g, out var key))
            {
                result.Add((int)(uint)key);
                ref var front = ref fronts[g];
                if (++front.At < front.End)
                {
                    heap.Enqueue(g, Key(front.Cell, front.Order.Ids[front.At]));
                }
                else if (front.Order.Cut[g] && result.Count < take)
                {
                    // The group's prefix is used up and it has more posts: read every post's rating instead.
                    return ProfileCells.Top(Every(), owner.clusterOf.Length, take);
                }
            }

            return result;
        }

        /// <summary>The same among <paramref name="ids"/> only.</summary>
        public List<int> Top(List<int> ids, int take)
        {
            // Keyed by the complement of the place, so that the queue's head (its smallest) is the worst post kept.
            var kept = new PriorityQueue<int, ulong>(Math.Max(0, take));
            foreach (var i in ids)
            {
                var rating = this[i];
                if (rating == float.MinValue || take <= 0)
                {
                    continue;
                }

                var worseFirst = ~Key(rating, i);
                if (kept.Count < take)
                {
                    kept.Enqueue(i, worseFirst);
                }
                else if (kept.TryPeek(out _, out var worst) && worseFirst > worst)
                {
                    kept.DequeueEnqueue(i, worseFirst);
                }
            }

            var result = new List<int>(kept.Count);
            while (kept.TryDequeue(out var i, out _))
            {
                result.Add(i);
            }

            result.Reverse();
            return result;
        }

        private float[] Every()
        {
            var scores = new float[owner.clusterOf.Length];
            Fill(scores);
            return scores;
        }

        /// <summary>Every post's rating, in post order, into the first posts' worth of <paramref name="scores"/>.</summary>
        private void Fill(Span<float> scores)
        {
            for (var i = 0; i < owner.clusterOf.Length; i++)
            {
                scores[i] = this[i];
            }
        }
    }

    private CellOrder OrderOf(float[] cell) => orders.GetValue(cell, c => new CellOrder(this, c));

    /// <summary>Sorts now each cell's per-group order that a request would otherwise sort when it first reads the cell
    /// (about a millisecond per cell at 100,000 posts, up to 108 cells): called off the request path.</summary>
    public void PrepareOrders(IEnumerable<float[]> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        foreach (var cell in cells)
        {
            OrderOf(cell);
        }
    }

    /// <summary>Whether this cell's order is already sorted (for tests).</summary>
    internal bool HasOrder(float[] cell) => orders.TryGetValue(cell, out _);

    /// <summary>A post's place in a cell's order as one number, smaller first: higher rating, then lower position
    /// (the ratings' order as <see cref="float.CompareTo(float)"/> has it: −0 equals 0, NaN below every number).</summary>
    private static ulong Key(float[] cell, int post) => Key(cell[post], post);

    private static ulong Key(float rating, int post)
    {
        uint ordered;
        if (float.IsNaN(rating))
        {
            ordered = 0;
        }
        else
        {
            var bits = (uint)BitConverter.SingleToInt32Bits(rating == 0 ? 0f : rating);
            ordered = (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
            ordered = Math.Max(ordered, 1u);
        }

        return ((ulong)~ordered << 32) | (uint)post;
    }

    /// <summary>One cell's posts per group, best first, filled posts left out: at most <see cref="PrefixPerGroup"/> of a
    /// group (<see cref="Cut"/> says where more were left).</summary>
    private sealed class CellOrder
    {
        public CellOrder(ProfileCells cells, float[] ratings)
        {
            var groups = cells.groupStart.Length - 1;
            Start = new int[groups + 1];
            Cut = new bool[groups];
            var ids = new List<int>(cells.clusterOf.Length);
            var keys = new List<ulong>();
            for (var g = 0; g < groups; g++)
            {
                keys.Clear();
                for (var k = cells.groupStart[g]; k < cells.groupStart[g + 1]; k++)
                {
                    var post = cells.grouped[k];
                    if (ratings[post] != float.MinValue)
                    {
                        keys.Add(Key(ratings, post));
                    }
                }

                keys.Sort();
                Cut[g] = keys.Count > PrefixPerGroup;
                foreach (var key in keys.Take(PrefixPerGroup))
                {
                    ids.Add((int)(uint)key);
                }

                Start[g + 1] = ids.Count;
            }

            Ids = [.. ids];
        }

        public int[] Ids { get; }

        public int[] Start { get; }

        public bool[] Cut { get; }
    }

    /// <summary>The <paramref name="take"/> posts rated highest (ties by position), best first, leaving out filled ones.</summary>
    public static List<int> Top(float[] scores, int count, int take)
    {
        var heap = new PriorityQueue<int, (float Score, int Id)>(take + 1, WorstFirst);

        // Once the heap is full, a post rated below its worst cannot enter: one comparison against a local instead
        // of a heap peek for almost every post (at 100,000 posts the peeks were most of the candidate stage).
        var worst = float.NegativeInfinity;
        for (var i = 0; i < count; i++)
        {
            if (scores[i] < worst)
            {
                continue;
            }

            Offer(heap, scores, i, take);
            if (heap.Count >= take && heap.TryPeek(out _, out var head))
            {
                worst = head.Score;
            }
        }

        return Drained(heap);
    }

    /// <summary>The heap's head is the post to drop first: the lowest rating, and at equal ratings the later post.</summary>
    private static readonly Comparer<(float Score, int Id)> WorstFirst = Comparer<(float Score, int Id)>.Create((a, b) =>
        a.Score != b.Score ? a.Score.CompareTo(b.Score) : b.Id.CompareTo(a.Id));

    private static void Offer(PriorityQueue<int, (float Score, int Id)> heap, float[] scores, int i, int take)
    {
        var score = scores[i];
        if (score == float.MinValue || take <= 0)
        {
            return;
        }

        if (heap.Count < take)
        {
            heap.Enqueue(i, (score, i));
        }
        else if (heap.TryPeek(out var worst, out var key) && (score > key.Score || (score == key.Score && i < worst)))
        {
            heap.DequeueEnqueue(i, (score, i));
        }
    }

    private static List<int> Drained(PriorityQueue<int, (float Score, int Id)> heap)
    {
        var result = new List<int>(heap.Count);
        while (heap.TryDequeue(out var id, out _))
        {
            result.Add(id);
        }

        result.Reverse();
        return result;
    }

    /// <summary>Which known ids the preferences name; null when none stated (then no post is in or out).</summary>
    private static bool[]? Mask(Dictionary<string, int> ids, HashSet<string> preferred)
    {
        if (preferred.Count == 0)
        {
            return null;
        }

        var mask = new bool[ids.Count + 1];
        foreach (var code in preferred)
        {
            if (ids.TryGetValue(code, out var id))
            {
                mask[id] = true;
            }
        }

        return mask;
    }

    /// <summary>0 for none; known codes from 1.</summary>
    private static int Id(Dictionary<string, int> ids, string? code)
    {
        if (code is null)
        {
            return 0;
        }

        if (!ids.TryGetValue(code, out var id))
        {
            ids[code] = id = ids.Count + 1;
        }

        return id;
    }
}
