using Liuhu.Core.Outcomes;
using Liuhu.Matching.Features;

namespace Liuhu.Matching.Ranking;

/// <summary>Outcomes laid out in time, so that a post's popularity, hires and appeal can be read as they were at
/// any moment: a training pair sees only what serving could have known when the post was shown to that graduate,
/// never its own application, later ones, or those of graduates held out.</summary>
public sealed class OutcomeTimeline
{
    /// <summary>Impressions an employer's or a post's apply rate is shrunk with (GLMix-style random effects: few
    /// impressions say little, so the effect stays near 0 until the evidence builds).</summary>
    public const double EmployerPrior = 30;
    public const double PostPrior = 10;

    private static readonly long[] None = [];
    private readonly Dictionary<string, long[]> applications = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long[]> hires = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long[]> shown = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long[]> employerApplications = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long[]> employerShown = new(StringComparer.Ordinal);
    private readonly long[] allApplications;
    private readonly long[] allShown;

    /// <param name="employerOf">The employer of each post (by vacancy id); posts not in it count for no employer.</param>
    public OutcomeTimeline(IEnumerable<Outcome> outcomes, Func<string, string?> employerOf)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(employerOf);

        // The first time each graduate was shown, applied to and was hired for each post.
        var firstShown = new Dictionary<(string, string), long>();
        var firstApplied = new Dictionary<(string, string), long>();
        var firstHired = new Dictionary<(string, string), long>();
        foreach (var o in outcomes)
        {
            var key = (o.GraduateId, o.VacancyId);
            var at = o.At.UtcTicks;
            Earliest(firstShown, key, at);
            if (Outcome.CountsAsApplication(o.Event))
            {
                Earliest(firstApplied, key, at);
            }

            if (o.Event == OutcomeEvent.Hired)
            {
                Earliest(firstHired, key, at);
            }
        }

        Group(firstShown, k => k.Item2, shown);
        Group(firstApplied, k => k.Item2, applications);
        Group(firstHired, k => k.Item2, hires);
        Group(firstShown, k => employerOf(k.Item2), employerShown);
        Group(firstApplied, k => employerOf(k.Item2), employerApplications);
        allShown = [.. firstShown.Values.Order()];
        allApplications = [.. firstApplied.Values.Order()];
    }

    /// <summary>What was known of <paramref name="post"/> strictly before <paramref name="at"/>.</summary>
    public PostStats StatsAt(PostProfile post, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(post);
        var t = at.UtcTicks;
        var id = post.Vacancy.VacancyId;
        var employer = post.Vacancy.EmployerCreditCode;
        var baseRate = (Before(allApplications, t) + 1.0) / (Before(allShown, t) + 2.0);
        var postApplications = Before(applications.GetValueOrDefault(id, None), t);
        return new PostStats(
            postApplications,
            Before(hires.GetValueOrDefault(id, None), t),
            Effect(Before(employerApplications.GetValueOrDefault(employer, None), t), Before(employerShown.GetValueOrDefault(employer, None), t), baseRate, EmployerPrior),
            Effect(postApplications, Before(shown.GetValueOrDefault(id, None), t), baseRate, PostPrior));
    }

    /// <summary>Log of the shrunk apply rate against the base rate: 0 with no evidence.</summary>
    public static float Effect(int applied, int shownCount, double baseRate, double prior) =>
        (float)Math.Log((applied + (prior * baseRate)) / (shownCount + prior) / baseRate);

    private static int Before(long[] sorted, long ticks)
    {
        var i = Array.BinarySearch(sorted, ticks);
        if (i < 0)
        {
            return ~i;
        }

        while (i > 0 && sorted[i - 1] == ticks)
        {
            i--;
        }

        return i;
    }

    private static void Earliest(Dictionary<(string, string), long> times, (string, string) key, long at)
    {
        if (!times.TryGetValue(key, out var existing) || at < existing)
        {
            times[key] = at;
        }
    }

    private static void Group(Dictionary<(string, string), long> times, Func<(string, string), string?> keyOf, Dictionary<string, long[]> into)
    {
        foreach (var group in times.GroupBy(t => keyOf(t.Key), StringComparer.Ordinal))
        {
            if (group.Key is not null)
            {
                into[group.Key] = [.. group.Select(t => t.Value).Order()];
            }
        }
    }
}
