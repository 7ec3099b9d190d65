using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Core.Outcomes;
using Liuhu.Matching.Features;

namespace Liuhu.Matching.Ranking;

/// <summary>A labelled pair kept with what evaluation needs: its group (a graduate, or a post on the employer
/// side), its features as they were when the post was shown, the heuristic's score and its training weight.</summary>
public sealed record LabelledPair(string GraduateId, string VacancyId, uint GroupId, float Label, FeatureVector Features, float HeuristicScore, DateTimeOffset ShownAt, float Weight = 1);

/// <summary>A graduate whose outcomes came after the cutoff: ranked against every post open to them, with the
/// furthest step they reached on each post they reported (posts not named are 0).</summary>
public sealed record HeldOutGraduate(SeekerProfile Seeker, DateTimeOffset At, IReadOnlyDictionary<string, float> Labels);

/// <summary>Everything one training run needs, split by time: the model learns from what happened before the
/// cutoff and is judged on the graduates who came after it, as it would have served them.</summary>
public sealed record TrainingSet(
    IReadOnlyList<LabelledPair> Training,
    IReadOnlyList<HeldOutGraduate> HeldOut,
    IReadOnlyList<PostProfile> Posts,
    OutcomeTimeline Timeline,
    DateTimeOffset Cutoff,
    IReadOnlyList<LabelledPair> EmployerTraining,
    IReadOnlyList<LabelledPair> EmployerHeldOut,
    string Snapshot)
{
    public int TrainingGraduates => Training.Select(p => p.GraduateId).Distinct(StringComparer.Ordinal).Count();
}

/// <summary>Turns outcomes into labelled pairs and splits them by time. Graduates, not rows, are split: the first
/// <c>1 − heldOutShare</c> of graduates by when they were first shown a post train the model; the rest are held
/// out. Every feature of a training pair is computed as of the moment its post was shown to that graduate.</summary>
public static class TrainingData
{
    /// <summary>How much more a positive outcome at a low position counts: examination falls off as
    /// position^−<see cref="PositionBiasExponent"/>, and a pair's weight is the inverse of that, capped.</summary>
    public const double PositionBiasExponent = 0.7;
    public const float MaxPropensityWeight = 10;

    /// <param name="positions">Where each pair was shown (1-based), from the server's impression log; pairs
    /// without a position weigh 1.</param>
    /// <param name="history">Each graduate's profile versions: a pair sees the profile in force when its post was
    /// shown (without it, the profile as stored now).</param>
    public static TrainingSet Build(IEnumerable<Outcome> outcomes, IReadOnlyDictionary<string, GraduateProfile> graduates,
        IReadOnlyDictionary<string, PostProfile> posts, DateTimeOffset now, IReadOnlyDictionary<(string Graduate, string Vacancy), int>? positions = null,
        double heldOutShare = 0.2, int maxHeldOut = 1_000, int negativesPerGraduate = 10, ProfileHistory? history = null)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(graduates);
        ArgumentNullException.ThrowIfNull(posts);
        var all = outcomes as IReadOnlyCollection<Outcome> ?? outcomes.ToList();
        var timeline = new OutcomeTimeline(all, id => posts.TryGetValue(id, out var p) ? p.Vacancy.EmployerCreditCode : null);

        // The first event of a pair is when it was shown; the furthest event reached is its label.
        var pairs = new Dictionary<(string Graduate, string Vacancy), (DateTimeOffset Shown, DateTimeOffset? Applied, int Label)>();
        foreach (var o in all)
        {
            var key = (o.GraduateId, o.VacancyId);
            var label = Outcome.Label(o.Event);
            pairs[key] = pairs.TryGetValue(key, out var p)
                ? (p.Shown < o.At ? p.Shown : o.At, Outcome.CountsAsApplication(o.Event) && (p.Applied is null || o.At < p.Applied) ? o.At : p.Applied, Math.Max(p.Label, label))
                : (o.At, Outcome.CountsAsApplication(o.Event) ? o.At : null, label);
        }

        // Graduates in the order they arrived (ties broken by a hash of the id, stable across runs).
        var arrivals = pairs.GroupBy(p => p.Key.Graduate, StringComparer.Ordinal)
            .Where(g => graduates.ContainsKey(g.Key)) // erased graduates drop out of training
            .Select(g => (Graduate: g.Key, At: g.Min(p => p.Value.Shown)))
            .OrderBy(g => g.At).ThenBy(g => Hash(g.Graduate)).ToList();
        var trainingCount = (int)Math.Round(arrivals.Count * (1 - heldOutShare));
        var cutoff = trainingCount < arrivals.Count ? arrivals[trainingCount].At : now;
        var isTraining = arrivals.Take(trainingCount).Select(a => a.Graduate).ToHashSet(StringComparer.Ordinal);

        // Only what was known at the cutoff trains: a step reported after it is not yet a label.
        var labelsAtCutoff = new Dictionary<(string Graduate, string Vacancy), int>();
        foreach (var o in all)
        {
            if (o.At <= cutoff && isTraining.Contains(o.GraduateId))
            {
                var key = (o.GraduateId, o.VacancyId);
                labelsAtCutoff[key] = Math.Max(labelsAtCutoff.GetValueOrDefault(key), Outcome.Label(o.Event));
            }
        }

        var seekers = new Dictionary<GraduateProfile, SeekerProfile>(ReferenceEqualityComparer.Instance);
        SeekerProfile SeekerOf(string id, DateTimeOffset at)
        {
            var profile = history is null ? graduates[id] : history.At(graduates[id], at);
            return seekers.TryGetValue(profile, out var s) ? s : seekers[profile] = new SeekerProfile(profile, MajorCatalog.Default);
        }

        var training = new List<LabelledPair>();
        var employerTraining = new List<LabelledPair>();
        var employerHeldOut = new List<LabelledPair>();
        var heldOutLabels = new Dictionary<string, Dictionary<string, float>>(StringComparer.Ordinal);
        foreach (var ((graduateId, vacancyId), p) in pairs.OrderBy(p => p.Key.Graduate, StringComparer.Ordinal).ThenBy(p => p.Key.Vacancy, StringComparer.Ordinal))
        {
            if (!graduates.ContainsKey(graduateId) || !posts.TryGetValue(vacancyId, out var post))
            {
                continue;
            }

            var seeker = SeekerOf(graduateId, p.Shown);
            if (isTraining.Contains(graduateId))
            {
                var label = GraduateLabel(labelsAtCutoff.GetValueOrDefault((graduateId, vacancyId)));
                var pair = PairFeatures.Evaluate(seeker, post, p.Shown, timeline.StatsAt(post, p.Shown));
                var weight = label > 0 && positions is not null && positions.TryGetValue((graduateId, vacancyId), out var position)
                    ? (float)Math.Min(MaxPropensityWeight, Math.Pow(Math.Max(1, position), PositionBiasExponent))
                    : 1f;
                training.Add(new LabelledPair(graduateId, vacancyId, GroupOf(graduateId), label, pair.Features, HeuristicScorer.ForGraduate.Score(pair.Features), p.Shown, weight));
            }
            else
            {
                (heldOutLabels.TryGetValue(graduateId, out var labels) ? labels : heldOutLabels[graduateId] = new(StringComparer.Ordinal))[vacancyId] = p.Label;
            }

            // The employer side: graduates who applied, grouped by post, labelled by how far the employer took them.
            if (p.Applied is { } applied)
            {
                var candidate = CandidateFeatures.Evaluate(SeekerOf(graduateId, applied), post);
                var pair = new LabelledPair(graduateId, vacancyId, GroupOf("post:" + vacancyId), EmployerLabel(p.Label), candidate.Features,
                    HeuristicScorer.ForEmployer.Score(candidate.Features), applied);
                (applied < cutoff ? employerTraining : employerHeldOut).Add(pair);
            }
        }

        // Sampled negatives: posts open when a training graduate came that they were never shown, labelled 0. The
        // model is judged (and serves) over every open post, not only over what the logging ranker chose to show.
        var postList = posts.Values.OrderBy(p => p.Vacancy.VacancyId, StringComparer.Ordinal).ToList();
        foreach (var (graduateId, at) in arrivals.Take(trainingCount))
        {
            var random = new Random((int)GroupOf(graduateId));
            var seeker = SeekerOf(graduateId, at);
            var added = 0;
            for (var attempt = 0; attempt < negativesPerGraduate * 3 && added < negativesPerGraduate && postList.Count > 0; attempt++)
            {
                var post = postList[random.Next(postList.Count)];
                if (post.Vacancy.FirstSeenAt > at || pairs.ContainsKey((graduateId, post.Vacancy.VacancyId)))
                {
                    continue;
                }

                var pair = PairFeatures.Evaluate(seeker, post, at, timeline.StatsAt(post, at));
                training.Add(new LabelledPair(graduateId, post.Vacancy.VacancyId, GroupOf(graduateId), 0, pair.Features, HeuristicScorer.ForGraduate.Score(pair.Features), at));
                added++;
            }
        }

        // The trainer reads a group as a run of consecutive rows.
        training = [.. training.DistinctBy(p => (p.GraduateId, p.VacancyId)).OrderBy(p => p.GraduateId, StringComparer.Ordinal).ThenBy(p => p.VacancyId, StringComparer.Ordinal)];
        employerTraining = [.. employerTraining.OrderBy(p => p.GroupId).ThenBy(p => p.GraduateId, StringComparer.Ordinal)];
        employerHeldOut = [.. employerHeldOut.OrderBy(p => p.GroupId).ThenBy(p => p.GraduateId, StringComparer.Ordinal)];

        var heldOut = arrivals.Skip(trainingCount).Where(a => heldOutLabels.ContainsKey(a.Graduate))
            .OrderBy(a => Hash(a.Graduate)).Take(maxHeldOut)
            .Select(a => new HeldOutGraduate(SeekerOf(a.Graduate, a.At), a.At, heldOutLabels[a.Graduate])).ToList();
        var snapshot = string.Create(CultureInfo.InvariantCulture,
            $"outcomes={all.Count};last={(all.Count == 0 ? "-" : all.Max(o => o.At).ToString("O", CultureInfo.InvariantCulture))};posts={posts.Count};graduates={graduates.Count};cutoff={cutoff:O}");
        return new TrainingSet(training, heldOut, [.. posts.Values], timeline, cutoff, employerTraining, employerHeldOut, snapshot);
    }

    /// <summary>What the graduate's own choices said of a post, from the furthest step the pair reached
    /// (<see cref="Outcome.Label"/>): applied 1, took the job 2, otherwise 0. An interview or an offer is the
    /// employer's judgement of the graduate, which the employer-side ranker learns; counted here (as 2 and 3, with
    /// gains 2^label − 1) it taught the graduate-side ranker to order posts by how employers rate the graduate —
    /// major fit above all — rather than by what graduates chose (a district they avoid, a benefit, the pay).</summary>
    public static float GraduateLabel(int furthestStep) => furthestStep >= Outcome.Label(OutcomeEvent.Hired) ? 2 : furthestStep > 0 ? 1 : 0;

    /// <summary>Employer decisions: applied (or rejected) 0, interviewed 1, offered 2, hired 3.</summary>
    public static float EmployerLabel(int graduateLabel) => Math.Max(0, graduateLabel - 1);

    public static uint GroupOf(string id) => XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(id));

    public static ulong Hash(string id) => XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(id));

    public static IEnumerable<IReadOnlyList<(float Score, float Label)>> Groups(IReadOnlyList<LabelledPair> pairs, IReadOnlyList<float> scores) =>
        pairs.Select((p, i) => (p.GroupId, Score: scores[i], p.Label))
            .GroupBy(p => p.GroupId)
            .Select(g => (IReadOnlyList<(float, float)>)g.Select(p => (p.Score, p.Label)).ToList());

    public static IReadOnlyList<RankingRow> Rows(IEnumerable<LabelledPair> pairs) =>
        pairs.Select(p => new RankingRow { GroupId = p.GroupId, Label = p.Label, Weight = p.Weight, Features = p.Features.Values }).ToList();
}
