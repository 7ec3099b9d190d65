using System.IO.Hashing;
using System.Text;
using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Core.Outcomes;
using Liuhu.Matching.Features;

namespace Liuhu.Matching.Ranking;

/// <summary>A labelled pair kept with what evaluation needs: its group, its features, the heuristic's score.</summary>
public sealed record LabelledPair(string GraduateId, uint GroupId, float Label, float[] Features, float HeuristicScore);

/// <summary>Turns outcomes into labelled pairs (one group per graduate) and splits graduates, not rows, into
/// training and held-out sets, so a graduate's posts never sit on both sides.</summary>
public static class TrainingData
{
    public static List<LabelledPair> Build(IEnumerable<Outcome> outcomes, IReadOnlyDictionary<string, GraduateProfile> graduates,
        IReadOnlyDictionary<string, PostProfile> posts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(graduates);
        ArgumentNullException.ThrowIfNull(posts);
        var labels = new Dictionary<(string Graduate, string Vacancy), int>();
        foreach (var outcome in outcomes)
        {
            var key = (outcome.GraduateId, outcome.VacancyId);
            labels[key] = Math.Max(labels.GetValueOrDefault(key), Outcome.Label(outcome.Event));
        }

        var seekers = new Dictionary<string, SeekerProfile>(StringComparer.Ordinal);
        var pairs = new List<LabelledPair>(labels.Count);
        foreach (var ((graduateId, vacancyId), label) in labels.OrderBy(l => l.Key.Graduate, StringComparer.Ordinal).ThenBy(l => l.Key.Vacancy, StringComparer.Ordinal))
        {
            if (!graduates.TryGetValue(graduateId, out var graduate) || !posts.TryGetValue(vacancyId, out var post))
            {
                continue; // erased graduates and unknown posts drop out of training
            }

            if (!seekers.TryGetValue(graduateId, out var seeker))
            {
                seekers[graduateId] = seeker = new SeekerProfile(graduate, MajorCatalog.Default);
            }

            var ownApplication = label >= Outcome.Label(OutcomeEvent.Applied) ? 1 : 0;
            var pair = PairFeatures.Evaluate(seeker, post, now, Math.Max(0, post.Applications - ownApplication));
            pairs.Add(new LabelledPair(graduateId, GroupOf(graduateId), label, pair.Features, HeuristicScorer.Score(pair)));
        }

        return pairs;
    }

    public static uint GroupOf(string graduateId) => XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(graduateId));

    /// <summary>About one graduate in five is held out, decided by a hash of the id so it is stable across runs.</summary>
    public static bool IsHeldOut(string graduateId) => XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(graduateId)) % 5 == 0;

    public static IEnumerable<IReadOnlyList<(float Score, float Label)>> Groups(IReadOnlyList<LabelledPair> pairs, IReadOnlyList<float> scores) =>
        pairs.Select((p, i) => (p.GraduateId, Score: scores[i], p.Label))
            .GroupBy(p => p.GraduateId, StringComparer.Ordinal)
            .Select(g => (IReadOnlyList<(float, float)>)g.Select(p => (p.Score, p.Label)).ToList());

    public static IReadOnlyList<RankingRow> Rows(IEnumerable<LabelledPair> pairs) =>
        pairs.Select(p => new RankingRow { GroupId = p.GroupId, Label = p.Label, Features = p.Features }).ToList();
}
