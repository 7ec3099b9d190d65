using Liuhu.Core.Domain;
using Liuhu.Matching.Features;

namespace Liuhu.Matching.Serving;

/// <summary>The first stage: inverted lists over open posts (by major class — which includes the classes the
/// 高职↔本科 crosswalk relates —, skill and the skills it implies, cluster, and district for posts open to any
/// major) give each graduate up to half the limit, best-met first; the other half goes to the posts with
/// the most appeal for the graduate: rated per profile cell (level, pay band, preferred cluster and district;
/// <see cref="ProfileAppeal"/>) when the ratings carry cells, which then also break the lists' ties, else for a graduate
/// of their degree level (<see cref="PostAppeal"/>). No graduate is left without candidates: when the
/// lists return fewer, fallbacks fill exactly the shortfall, in this order — posts of the same discipline, posts
/// open to any major in the preferred clusters, public and 见习 posts, then the newest posts — each preferring
/// posts whose degree requirement the graduate meets.</summary>
public sealed partial class VacancyIndex
{
    private readonly Dictionary<string, List<int>> byMajorClass = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> bySkill = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> byCluster = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> byDistrictOpenToAnyMajor = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> byDiscipline = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> byClusterOpenToAnyMajor = new(StringComparer.Ordinal);
    private readonly List<int> publicOrTraineeship = [];
    private readonly int[] newest;
    private readonly int[] byAppeal;

    private readonly float[] prior;

    /// <summary>Per degree level, when the serving model rated the posts for each (<see cref="PostAppeal.ByDegree"/>):
    /// the any-major rating and the posts in its order, and each major class's posts in the order of their own-major
    /// rating. A level's rating already says which posts that level meets, so the appeal half needs no degree filter.</summary>
    private readonly Dictionary<Degree, Level>? levels;

    private readonly int[] appealRank;

    /// <summary>Each post's cluster and district for the per-graduate ratings, when the levels carry them
    /// (<see cref="ProfileAppeal"/>).</summary>
    private readonly ProfileCells? profileCells;

    /// <param name="Rank">Each post's position in <paramref name="Order"/>.</param>
    private sealed record Level(float[] Prior, int[] Order, int[] Rank, float[] OwnMajor, Dictionary<string, int[]> ClassByOwnMajor, float[][]? Cells);

    /// <param name="appealByDegree">Each post's ratings for each level (see <see cref="PostAppeal.ByDegree"/>).</param>
    public VacancyIndex(IReadOnlyList<PostProfile> posts, DateTimeOffset builtAt, IReadOnlyDictionary<Degree, LevelAppeal> appealByDegree)
        : this(posts, builtAt, (appealByDegree ?? throw new ArgumentNullException(nameof(appealByDegree))).GetValueOrDefault(Degree.Bachelor)?.AnyMajor)
    {
        AppealByDegree = appealByDegree;
        levels = appealByDegree.ToDictionary(a => a.Key, a =>
        {
            var (any, own) = a.Value.AnyMajor.Length == posts.Count && a.Value.OwnMajor.Length == posts.Count
                ? (a.Value.AnyMajor, a.Value.OwnMajor) : throw new ArgumentException("One appeal per post.", nameof(appealByDegree));
            var order = Enumerable.Range(0, posts.Count).OrderByDescending(i => any[i]).ThenBy(i => i).ToArray();
            return new Level(any, order, Ranks(order), own,
                byMajorClass.ToDictionary(c => c.Key, c => c.Value.OrderByDescending(i => own[i]).ThenBy(i => i).ToArray(), StringComparer.Ordinal),
                a.Value.Cells is { } cells && cells.Length == ProfileAppeal.CellCount && cells.All(c => c.Length == posts.Count) ? cells : null);
        });
        profileCells = levels.Values.Any(l => l.Cells is not null) ? new ProfileCells(posts) : null;
    }

    /// <param name="appeal">Each post's rating for a graduate the scorer knows nothing about (see
    /// <see cref="PostAppeal"/>); without it, pay within the cluster and housing stand in.</param>
    public VacancyIndex(IReadOnlyList<PostProfile> posts, DateTimeOffset builtAt, IReadOnlyList<float>? appeal = null)
    {
        Posts = posts ?? throw new ArgumentNullException(nameof(posts));
        BuiltAt = builtAt;
        prior = appeal is null ? Priors(posts) : appeal.Count == posts.Count ? [.. appeal] : throw new ArgumentException("One appeal per post.", nameof(appeal));
        byAppeal = Enumerable.Range(0, posts.Count).OrderByDescending(i => prior[i]).ThenBy(i => i).ToArray();
        appealRank = Ranks(byAppeal);

        // Fallback lists are walked from the front: most appealing first, newest first.
        newest = Enumerable.Range(0, posts.Count).OrderByDescending(i => posts[i].Vacancy.FirstSeenAt).ThenByDescending(i => prior[i]).ToArray();
        foreach (var i in Enumerable.Range(0, posts.Count).OrderByDescending(i => prior[i]).ThenBy(i => i))
        {
            var post = posts[i];
            foreach (var majorClass in post.MajorClasses)
            {
                Add(byMajorClass, majorClass, i);
            }

            foreach (var discipline in post.MajorDisciplines)
            {
                Add(byDiscipline, discipline, i);
            }

            foreach (var skill in post.Skills.Select(s => s.Canonical).Concat(post.TextSkills).Distinct(StringComparer.Ordinal))
            {
                Add(bySkill, skill, i);
            }

            if (post.Vacancy.Cluster is { } cluster)
            {
                Add(byCluster, cluster, i);
                if (post.MajorsUnrestricted)
                {
                    Add(byClusterOpenToAnyMajor, cluster, i);
                }
            }

            if (post.MajorsUnrestricted && post.Vacancy.District is { } district)
            {
                Add(byDistrictOpenToAnyMajor, district, i);
            }
        }

        publicOrTraineeship.AddRange(newest.Where(i => posts[i].IsPublicEmployer || posts[i].IsTraineeship));

        // What the served features read of each post, derived now so that no request pays for it.
        PostFeatureParts.Prepare(posts);
    }

    public IReadOnlyList<PostProfile> Posts { get; }

    public DateTimeOffset BuiltAt { get; }

    /// <summary>Each post's appeal for everyone, as the candidate stage orders them (see <see cref="PostAppeal"/>).</summary>
    public IReadOnlyList<float> Appeal => prior;

    /// <summary>The ratings per degree level this index was built with, if any (kept for its snapshot and for
    /// reuse when the index is rebuilt with a few posts changed).</summary>
    public IReadOnlyDictionary<Degree, LevelAppeal>? AppealByDegree { get; }

    public PostProfile? Find(string vacancyId) => Posts.FirstOrDefault(p => p.Vacancy.VacancyId == vacancyId);

    /// <summary>Up to <paramref name="limit"/> posts (fewer only when fewer are open): those that meet the graduate
    /// in more ways first, then the fallbacks.</summary>
    public IReadOnlyList<PostProfile> Candidates(SeekerProfile seeker, int limit)
    {
        ArgumentNullException.ThrowIfNull(seeker);

        // Hits per post in a table as long as the index, kept zeroed between calls: only the posts hit are touched.
        var hits = hitTable is { } table && table.Length >= Posts.Count ? table : hitTable = new int[Posts.Count];
        var touched = touchedList ??= [];
        touched.Clear();
        void Hit(Dictionary<string, List<int>> lists, string key, int weight)
        {
            if (lists.TryGetValue(key, out var ids))
            {
                foreach (var id in ids)
                {
                    if (hits[id] == 0)
                    {
                        touched.Add(id);
                    }

                    hits[id] += weight;
                }
            }
        }

        var level = levels?.GetValueOrDefault(PostAppeal.LevelFor(seeker.Degree));
        // With profile cells, every post's rating for this graduate's level, pay band and stated preferences orders
        // both halves (see ProfileAppeal); otherwise the level's rating for a graduate it knows nothing else about.
        var personal = level?.Cells is { } cells && profileCells is { } lookup ? lookup.For(seeker, cells) : null;
        List<int> chosen;
        try
        {
            // A post's classes include those the crosswalk relates (高职 5102 ↔ 本科 0809), so this list also finds them.
            if (seeker.MajorCode is { } code)
            {
                Hit(byMajorClass, MajorCatalog.Class(code), 3);
            }

            foreach (var skill in seeker.Skills.SelectMany(s => SkillTaxonomy.Default.SelfAndAncestors(s.Canonical)).Distinct(StringComparer.Ordinal))
            {
                Hit(bySkill, skill, 1);
            }

            foreach (var cluster in seeker.PreferredClusters)
            {
                Hit(byCluster, cluster, 1);
            }

            foreach (var district in seeker.PreferredDistricts)
            {
                Hit(byDistrictOpenToAnyMajor, district, 1);
            }

            // Many posts tie on hits (a cluster preference alone matches thousands): among them, keep those with the most
            // appeal for the graduate's level, which the second stage would rank higher anyway.
            chosen = MostHits(hits, touched, limit - (limit / AppealShare), level?.Order ?? byAppeal, level?.Rank ?? appealRank, personal);
        }
        finally
        {
            foreach (var id in touched)
            {
                hits[id] = 0;
            }
        }

        Fallback(seeker, limit, chosen, [.. chosen], level is null ? byAppeal : personal is null ? AppealFor(seeker, level) : personal.Top(limit));

        return chosen.Select(i => Posts[i]).ToList();
    }

    [ThreadStatic]
    private static int[]? hitTable;

    [ThreadStatic]
    private static List<int>? touchedList;

    /// <summary>The <paramref name="take"/> posts hit most, ties by the appeal order (<paramref name="order"/>, whose
    /// position of each post is <paramref name="rank"/>), in that order: every post above the lowest count taken,
    /// and at that count those first in the appeal order, found by walking it when many tie rather than sorting
    /// thousands of ties.</summary>
    /// <param name="personal">When given, ties go by this graduate's rating of each post instead (higher first).</param>
    private static List<int> MostHits(int[] hits, List<int> touched, int take, int[] order, int[] rank, ProfileCells.PersonalRatings? personal)
    {
        if (touched.Count <= take)
        {
            return Sorted(touched, hits, rank, personal);
        }

        // Posts per hit count in an array by count (counts are small: a few weights summed), not a sorted map:
        // at 100,000 posts tens of thousands are touched, and a tree insertion each was a large part of the stage.
        var most = 0;
        foreach (var id in touched)
        {
            most = Math.Max(most, hits[id]);
        }

        var perCount = new int[most + 1];
        foreach (var id in touched)
        {
            perCount[hits[id]]++;
        }

        var (threshold, above) = (0, 0);
        for (var count = most; count > 0; count--)
        {
            if (above + perCount[count] >= take)
            {
                threshold = count;
                break;
            }

            above += perCount[count];
        }

        var chosen = new List<int>(take);
        var tied = new List<int>();
        foreach (var id in touched)
        {
            if (hits[id] > threshold)
            {
                chosen.Add(id);
            }
            else if (hits[id] == threshold)
            {
                tied.Add(id);
            }
        }

        var wanted = take - chosen.Count;
        if (personal is not null)
        {
            chosen.AddRange(personal.Top(tied, wanted));
        }
        else if (tied.Count <= 4 * take)
        {
            chosen.AddRange(Sorted(tied, hits, rank, null).Take(wanted));
        }
        else
        {
            foreach (var id in order)
            {
                if (wanted == 0)
                {
                    break;
                }

                if (hits[id] == threshold)
                {
                    chosen.Add(id);
                    wanted--;
                }
            }
        }

        return Sorted(chosen, hits, rank, personal);
    }

    private static List<int> Sorted(List<int> ids, int[] hits, int[] rank, ProfileCells.PersonalRatings? personal)
    {
        var sorted = new List<int>(ids);
        sorted.Sort((a, b) => hits[a] != hits[b] ? hits[b].CompareTo(hits[a])
            : personal is null ? rank[a].CompareTo(rank[b]) : personal[a] is var ra && personal[b] is var rb && ra != rb ? rb.CompareTo(ra) : a.CompareTo(b));
        return sorted;
    }

    private static int[] Ranks(int[] order)
    {
        var rank = new int[order.Length];
        for (var position = 0; position < order.Length; position++)
        {
            rank[order[position]] = position;
        }

        return rank;
    }

    /// <summary>One slot in this many is kept for the posts with the most appeal for everyone.</summary>
    private const int AppealShare = 2;

    private void Fallback(SeekerProfile seeker, int limit, List<int> chosen, HashSet<int> taken, IEnumerable<int> appealOrder)
    {
        bool Meets(int i) => Posts[i].Vacancy.Degree == Degree.Any || seeker.Degree >= Posts[i].Vacancy.Degree;
        void Fill(IEnumerable<int> ids, int upTo, bool meetsOnly = true)
        {
            foreach (var id in ids)
            {
                if (chosen.Count >= upTo)
                {
                    return;
                }

                if ((!meetsOnly || Meets(id)) && taken.Add(id))
                {
                    chosen.Add(id);
                }
            }
        }

        // A level's own appeal already weighs whether that level meets each post, as the model does in the second stage.
        Fill(appealOrder, Math.Min(limit, chosen.Count + (limit / AppealShare)), meetsOnly: levels is null);
        if (seeker.MajorCode is { } code && byDiscipline.TryGetValue(MajorCatalog.Discipline(code), out var discipline))
        {
            Fill(discipline, limit);
        }

        foreach (var cluster in seeker.PreferredClusters)
        {
            Fill(byClusterOpenToAnyMajor.GetValueOrDefault(cluster) ?? [], limit);
        }

        Fill(publicOrTraineeship, limit);
        Fill(newest, limit);
        Fill(newest, limit, meetsOnly: false);
    }

    /// <summary>The appeal half's order for one graduate: every post by its any-major rating for the graduate's level,
    /// merged with the posts of the graduate's major class (and those the crosswalk relates) by their own-major rating,
    /// since studying what a post asks moves it up as much in the second stage.</summary>
    private static IEnumerable<int> AppealFor(SeekerProfile seeker, Level level)
    {
        var own = seeker.MajorCode is { } code ? level.ClassByOwnMajor.GetValueOrDefault(MajorCatalog.Class(code)) ?? [] : [];
        var (a, b) = (0, 0);
        while (a < level.Order.Length || b < own.Length)
        {
            yield return b >= own.Length || (a < level.Order.Length && level.Prior[level.Order[a]] >= level.OwnMajor[own[b]]) ? level.Order[a++] : own[b++];
        }
    }

    /// <summary>A query-independent appeal per post: its pay as a z-score within its cluster, plus housing.</summary>
    private static float[] Priors(IReadOnlyList<PostProfile> posts)
    {
        var offers = posts.Select(p => PairFeatures.MonthlyOffer(p.Vacancy.Salary)).ToArray();
        var stats = posts.Select((p, i) => (Cluster: p.Vacancy.Cluster ?? string.Empty, Offer: offers[i]))
            .Where(x => x.Offer is not null)
            .GroupBy(x => x.Cluster, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g =>
            {
                var mean = g.Average(x => x.Offer!.Value);
                var sd = Math.Sqrt(g.Average(x => Math.Pow(x.Offer!.Value - mean, 2)));
                return (Mean: mean, Sd: sd > 0 ? sd : 1);
            }, StringComparer.Ordinal);
        var result = new float[posts.Count];
        for (var i = 0; i < posts.Count; i++)
        {
            var z = offers[i] is { } offer && stats.TryGetValue(posts[i].Vacancy.Cluster ?? string.Empty, out var s) ? (float)((offer - s.Mean) / s.Sd) : 0f;
            result[i] = z + (posts[i].OffersHousing ? 0.5f : 0f);
        }

        return result;
    }

    private static void Add(Dictionary<string, List<int>> lists, string key, int id)
    {
        if (!lists.TryGetValue(key, out var ids))
        {
            lists[key] = ids = [];
        }

        ids.Add(id);
    }
}
