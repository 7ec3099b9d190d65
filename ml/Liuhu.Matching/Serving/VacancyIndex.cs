using Liuhu.Core.Domain;
using Liuhu.Matching.Features;

namespace Liuhu.Matching.Serving;

/// <summary>The first stage: inverted lists over open posts (by major class, skill, cluster, and district for
/// posts open to any major) that give each graduate a few hundred candidates for the model to re-rank,
/// instead of scoring every open post.</summary>
public sealed class VacancyIndex
{
    private readonly Dictionary<string, List<int>> byMajorClass = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> bySkill = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> byCluster = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> byDistrictOpenToAnyMajor = new(StringComparer.Ordinal);

    private readonly float[] prior;

    public VacancyIndex(IReadOnlyList<PostProfile> posts, DateTimeOffset builtAt)
    {
        Posts = posts ?? throw new ArgumentNullException(nameof(posts));
        BuiltAt = builtAt;
        prior = Priors(posts);
        for (var i = 0; i < posts.Count; i++)
        {
            var post = posts[i];
            foreach (var majorClass in post.MajorClasses)
            {
                Add(byMajorClass, majorClass, i);
            }

            foreach (var skill in post.Skills)
            {
                Add(bySkill, skill.Canonical, i);
            }

            if (post.Vacancy.Cluster is { } cluster)
            {
                Add(byCluster, cluster, i);
            }

            if (post.MajorsUnrestricted && post.Vacancy.District is { } district)
            {
                Add(byDistrictOpenToAnyMajor, district, i);
            }
        }
    }

    public IReadOnlyList<PostProfile> Posts { get; }

    public DateTimeOffset BuiltAt { get; }

    public PostProfile? Find(string vacancyId) => Posts.FirstOrDefault(p => p.Vacancy.VacancyId == vacancyId);

    /// <summary>Up to <paramref name="limit"/> posts, those that meet the graduate in more ways first.</summary>
    public IReadOnlyList<PostProfile> Candidates(SeekerProfile seeker, int limit)
    {
        ArgumentNullException.ThrowIfNull(seeker);
        var hits = new Dictionary<int, int>();
        void Hit(Dictionary<string, List<int>> lists, string key, int weight)
        {
            if (lists.TryGetValue(key, out var ids))
            {
                foreach (var id in ids)
                {
                    hits[id] = hits.GetValueOrDefault(id) + weight;
                }
            }
        }

        if (seeker.MajorCode is { } code)
        {
            Hit(byMajorClass, MajorCatalog.Class(code), 3);
        }

        foreach (var skill in seeker.Skills)
        {
            Hit(bySkill, skill.Canonical, 1);
        }

        foreach (var cluster in seeker.PreferredClusters)
        {
            Hit(byCluster, cluster, 1);
        }

        foreach (var district in seeker.PreferredDistricts)
        {
            Hit(byDistrictOpenToAnyMajor, district, 1);
        }

        if (hits.Count <= limit)
        {
            return hits.Keys.Select(i => Posts[i]).ToList();
        }

        // Many posts tie on hits (a cluster preference alone matches thousands): among them, keep those that pay
        // better than their cluster and house graduates, which the second stage would rank higher anyway.
        return hits.OrderByDescending(h => h.Value).ThenByDescending(h => prior[h.Key]).ThenBy(h => h.Key).Take(limit).Select(h => Posts[h.Key]).ToList();
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
