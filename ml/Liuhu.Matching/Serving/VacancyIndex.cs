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

    public VacancyIndex(IReadOnlyList<PostProfile> posts, DateTimeOffset builtAt)
    {
        Posts = posts ?? throw new ArgumentNullException(nameof(posts));
        BuiltAt = builtAt;
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

        return hits.OrderByDescending(h => h.Value).ThenBy(h => h.Key).Take(limit).Select(h => Posts[h.Key]).ToList();
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
