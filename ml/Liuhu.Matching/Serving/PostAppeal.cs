using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Matching.Features;
using Liuhu.Matching.Ranking;

namespace Liuhu.Matching.Serving;

/// <summary>One degree level's ratings of every post (in the index's order): for a graduate the scorer knows
/// nothing about but the level, and for one whose major is what the post names.</summary>
/// <param name="Cells">The ratings per graduate profile cell (<see cref="ProfileAppeal.Of"/>, <c>[cell][post]</c>),
/// which the candidate stage looks up per graduate when present.</param>
public sealed record LevelAppeal(float[] AnyMajor, float[] OwnMajor, float[][]? Cells = null)
{
    /// <summary>Called on the ratings of the posts rated again: the level's ratings for the posts of a rebuilt index,
    /// for each new position the rating at <c>Old</c> in <paramref name="kept"/> (a post kept), else at <c>New</c>
    /// here. The cells are dropped when the kept ratings have none (a snapshot written without them).</summary>
    public LevelAppeal Rearranged(LevelAppeal? kept, IReadOnlyList<(int Old, int New)> order)
    {
        float[] Pick(Func<LevelAppeal, float[]?> of) =>
            [.. order.Select(x => x.Old >= 0 ? of(kept!)![x.Old] : of(this)![x.New])];
        var cells = Cells is null || (kept is not null && kept.Cells is null && order.Any(x => x.Old >= 0))
            ? null
            : Enumerable.Range(0, Cells.Length).Select(c => Pick(a => a.Cells?[c])).ToArray();
        return new LevelAppeal(Pick(a => a.AnyMajor), Pick(a => a.OwnMajor), cells);
    }
}

/// <summary>How the serving scorer rates each post for a graduate it knows nothing about but the degree: the part
/// of every graduate's ranking that does not depend on who they are (pay, housing, headcount, competition,
/// freshness). The degree decides which posts a graduate meets and which over-qualify them, and a post's own
/// major moves it up for the graduates who studied it, so each level gets two ratings: for any major, and for the
/// post's own. The candidate stage keeps the posts rated highest for the graduate's level — the post's own-major
/// rating where the graduate's major class is the post's —, because brute-force scoring would put them in the
/// top ten of almost every such graduate whatever else the lists say.</summary>
public static class PostAppeal
{
    /// <summary>The levels rated; a graduate of another level takes the nearest (中专 that of 大专, 博士 that of 硕士).</summary>
    public static readonly IReadOnlyList<Degree> Levels = [Degree.Associate, Degree.Bachelor, Degree.Master];

    /// <summary>Both ratings for each level in <see cref="Levels"/>.</summary>
    public static IReadOnlyDictionary<Degree, LevelAppeal> ByDegree(IReadOnlyList<PostProfile> posts, IScorer model, DateTimeOffset now) =>
        Levels.ToDictionary(degree => degree, degree => new LevelAppeal(Of(posts, model, now, degree), OfOwnMajor(posts, model, now, degree), ProfileAppeal.Of(posts, model, now, degree)));

    /// <summary>Each post's rating for an unknown graduate of <paramref name="degree"/>.</summary>
    public static float[] Of(IReadOnlyList<PostProfile> posts, IScorer model, DateTimeOffset now, Degree degree = Degree.Bachelor)
    {
        ArgumentNullException.ThrowIfNull(posts);
        var seeker = new SeekerProfile(Unknown(degree, null), MajorCatalog.Default);
        return Score(posts, model, now, _ => seeker);
    }

    /// <summary>Each post's rating for a graduate of <paramref name="degree"/> who studied the first major it names
    /// (for a class-level requirement such as 计算机类, a major of that class); a post open to any major is rated as
    /// for any graduate.</summary>
    public static float[] OfOwnMajor(IReadOnlyList<PostProfile> posts, IScorer model, DateTimeOffset now, Degree degree = Degree.Bachelor)
    {
        ArgumentNullException.ThrowIfNull(posts);
        var anyMajor = new SeekerProfile(Unknown(degree, null), MajorCatalog.Default);
        return Score(posts, model, now, p =>
            (p.MajorCodes.Order(StringComparer.Ordinal).FirstOrDefault() ?? p.MajorClasses.Order(StringComparer.Ordinal).Select(c => c + "00").FirstOrDefault()) is { } code
                ? new SeekerProfile(Unknown(degree, code), MajorCatalog.Default)
                : anyMajor);
    }

    /// <summary>The level whose ratings a graduate of <paramref name="degree"/> takes.</summary>
    public static Degree LevelFor(Degree degree) => degree <= Degree.Associate ? Degree.Associate : degree >= Degree.Master ? Degree.Master : Degree.Bachelor;

    private static GraduateProfile Unknown(Degree degree, string? majorCode) =>
        new() { GraduateId = "appeal", Degree = degree, MajorCode = majorCode, Consent = new Consent(true, false) };

    private static float[] Score(IReadOnlyList<PostProfile> posts, IScorer model, DateTimeOffset now, Func<PostProfile, SeekerProfile> seekerFor)
    {
        ArgumentNullException.ThrowIfNull(model);
        PostFeatureParts.Prepare(posts); // as the index will, so that its posts share skill parts

        // Filled posts appeal to no one (the ranker leaves them out).
        var open = Enumerable.Range(0, posts.Count).Where(i => posts[i].RemainingOpenings > 0).ToList();
        var scores = new float[open.Count];
        model.ScoreEach(open.Count, (k, row) =>
        {
            var post = posts[open[k]];
            PairFeatures.Write(seekerFor(post).FeatureParts, post, now, post.Live, row);
        }, scores);
        var result = Enumerable.Repeat(float.MinValue, posts.Count).ToArray();
        for (var k = 0; k < open.Count; k++)
        {
            result[open[k]] = scores[k];
        }

        return result;
    }
}
