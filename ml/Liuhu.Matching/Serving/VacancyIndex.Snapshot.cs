using Liuhu.Core.Domain;
using Liuhu.Matching.Features;

namespace Liuhu.Matching.Serving;

/// <summary>What a built index derived from its posts — inverted lists, orders, ratings — as plain arrays, so that
/// a snapshot stores what the build produced and a new instance takes it back without deriving it again (nor
/// profiling a post the first answer does not read). Stored as produced, not as a recipe: a change to what the
/// lists hold is carried by the next snapshot, and a snapshot of another build of this assembly is not trusted
/// for them (<see cref="IndexSnapshot"/> derives them again from the stored posts).</summary>
internal sealed record VacancyIndexParts(
    float[] Prior,
    int[] ByAppeal,
    int[] Newest,
    int[] PublicOrTraineeship,
    IReadOnlyDictionary<string, Dictionary<string, int[]>> Lists,
    IReadOnlyDictionary<Degree, VacancyIndexParts.LevelParts>? Levels,
    (int[] ClusterOf, int[] DistrictOf, string[] Clusters, string[] Districts)? ProfileCells = null)
{
    /// <param name="ClassByOwnMajor">Each major class's posts in the order of their own-major rating.</param>
    /// <param name="Cells">The ratings per graduate profile cell (<see cref="ProfileAppeal"/>), when the build made them.</param>
    internal sealed record LevelParts(float[] AnyMajor, float[] OwnMajor, int[] Order, Dictionary<string, int[]> ClassByOwnMajor, float[][]? Cells = null);
}

public sealed partial class VacancyIndex
{
    /// <summary>The inverted lists by name: the names a snapshot stores them under.</summary>
    private (string Name, Dictionary<string, List<int>> Lists)[] NamedLists() =>
    [
        (nameof(byMajorClass), byMajorClass), (nameof(bySkill), bySkill), (nameof(byCluster), byCluster),
        (nameof(byDistrictOpenToAnyMajor), byDistrictOpenToAnyMajor), (nameof(byDiscipline), byDiscipline),
        (nameof(byClusterOpenToAnyMajor), byClusterOpenToAnyMajor),
    ];

    /// <summary>What this index derived from its posts (shared, not copied: the caller only reads it).</summary>
    internal VacancyIndexParts Parts() => new(
        prior, byAppeal, newest, [.. publicOrTraineeship],
        NamedLists().ToDictionary(l => l.Name, l => l.Lists.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal), StringComparer.Ordinal),
        levels?.ToDictionary(l => l.Key, l => new VacancyIndexParts.LevelParts(l.Value.Prior, l.Value.OwnMajor, l.Value.Order, l.Value.ClassByOwnMajor, l.Value.Cells)),
        profileCells?.Stored);

    /// <summary>An index over <paramref name="posts"/> from what a build of them derived (<see cref="Parts"/>),
    /// without reading a post: the posts' serving parts are derived when first read, or all at once by
    /// <see cref="PrepareAll"/>.</summary>
    /// <exception cref="InvalidDataException">Parts that do not fit these posts or this build's lists.</exception>
    internal VacancyIndex(IReadOnlyList<PostProfile> posts, DateTimeOffset builtAt, VacancyIndexParts parts)
    {
        Posts = posts;
        BuiltAt = builtAt;
        var count = posts.Count;
        prior = Checked(parts.Prior, count);
        byAppeal = CheckedOrder(parts.ByAppeal, count);
        appealRank = Ranks(byAppeal);
        newest = CheckedOrder(parts.Newest, count);
        publicOrTraineeship.AddRange(CheckedIds(parts.PublicOrTraineeship, count));
        var named = NamedLists();
        if (parts.Lists.Count != named.Length)
        {
            throw new InvalidDataException($"{parts.Lists.Count} stored inverted lists, this build has {named.Length}.");
        }

        foreach (var (name, lists) in named)
        {
            foreach (var (key, ids) in parts.Lists.GetValueOrDefault(name) ?? throw new InvalidDataException($"No stored inverted list {name}."))
            {
                lists[key] = [.. CheckedIds(ids, count)];
            }
        }

        if (parts.Levels is { } stored)
        {
            AppealByDegree = stored.ToDictionary(l => l.Key, l => new LevelAppeal(Checked(l.Value.AnyMajor, count), Checked(l.Value.OwnMajor, count), CheckedCells(l.Value.Cells, count)));
            levels = stored.ToDictionary(l => l.Key, l =>
            {
                var order = CheckedOrder(l.Value.Order, count);
                foreach (var ids in l.Value.ClassByOwnMajor.Values)
                {
                    CheckedIds(ids, count);
                }

                return new Level(l.Value.AnyMajor, order, Ranks(order), l.Value.OwnMajor, l.Value.ClassByOwnMajor, CheckedCells(l.Value.Cells, count));
            });
            if (levels.Values.Any(l => l.Cells is not null))
            {
                profileCells = new ProfileCells(parts.ProfileCells ?? throw new InvalidDataException("Stored profile-cell ratings without the posts' cells."), count);
            }
        }
    }

    /// <summary>Derives now what first reads would (the posts' profiles and serving parts, each profile cell's
    /// per-group order), so that no request pays for it: run off the request path, before a refreshed index is
    /// swapped in, or behind the first answer of a new instance.</summary>
    public void PrepareAll()
    {
        PostFeatureParts.Prepare(Posts);
        if (profileCells is { } cells && levels is { } byLevel)
        {
            cells.PrepareOrders(byLevel.Values.SelectMany(l => l.Cells ?? []));
        }
    }

    /// <summary>How many of the profile cells' per-group orders are sorted, of how many cells there are.</summary>
    internal (int Sorted, int Cells) CellOrders =>
        profileCells is { } cells && levels is { } byLevel
            ? (byLevel.Values.SelectMany(l => l.Cells ?? []).Count(cells.HasOrder), byLevel.Values.Sum(l => l.Cells?.Length ?? 0))
            : (0, 0);

    private static float[] Checked(float[] values, int count) =>
        values.Length == count ? values : throw new InvalidDataException($"{values.Length} stored values for {count} posts.");

    private static float[][]? CheckedCells(float[][]? cells, int count) =>
        cells is null || (cells.Length == ProfileAppeal.CellCount && cells.All(c => c.Length == count)) ? cells
        : throw new InvalidDataException($"Stored profile-cell ratings that are not {ProfileAppeal.CellCount} of {count} posts.");

    private static int[] CheckedIds(int[] ids, int count)
    {
        foreach (var id in ids)
        {
            if ((uint)id >= (uint)count)
            {
                throw new InvalidDataException($"Post {id} of {count} in a stored list.");
            }
        }

        return ids;
    }

    private static int[] CheckedOrder(int[] order, int count) =>
        order.Length == count ? CheckedIds(order, count) : throw new InvalidDataException($"A stored order of {order.Length} posts for {count}.");
}
