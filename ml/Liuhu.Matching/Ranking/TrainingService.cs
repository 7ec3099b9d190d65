using System.Diagnostics;
using System.Globalization;
using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Core.Outcomes;
using Liuhu.Core.Storage;
using Liuhu.Matching.Features;
using Liuhu.Matching.Serving;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Liuhu.Matching.Ranking;

/// <summary>What one training run produced: the graduate-side model and, when there were enough employer
/// decisions, the employer-side one.</summary>
public sealed record TrainedModels(RankingModel Model, RankingModel? EmployerModel);

/// <summary>The training job: all stored outcomes → labelled pairs as of when each post was shown → a LambdaMART
/// model, evaluated on the graduates who came after the time cutoff against the heuristic, random order and the
/// model serving now; promoted only if it beats both the heuristic and the serving model by more than the
/// bootstrap interval of the difference.</summary>
public sealed class TrainingService(
    IOutcomeStore outcomes,
    IGraduateStore graduates,
    GraduateProfileVersions profileVersions,
    IVacancyStore vacancies,
    ModelRepository models,
    MatchingState state,
    ImpressionLog impressions,
    TimeProvider time,
    IOptions<MatchingOptions> options,
    Liuhu.Core.Telemetry.LiuhuMetrics metrics,
    ILogger<TrainingService> logger)
{
    public async Task<ModelMetadata> TrainAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var events = new List<Outcome>();
        await foreach (var outcome in outcomes.ReadAllAsync(cancellationToken))
        {
            events.Add(outcome);
        }

        var posts = new Dictionary<string, PostProfile>(StringComparer.Ordinal);
        await foreach (var vacancy in vacancies.ReadAllAsync(cancellationToken))
        {
            posts[vacancy.VacancyId] = new PostProfile(vacancy, MajorCatalog.Default);
        }

        var profiles = new Dictionary<string, GraduateProfile>(StringComparer.Ordinal);
        await foreach (var graduate in graduates.ReadAllAsync(withPersonalData: false, cancellationToken))
        {
            profiles[graduate.GraduateId] = graduate;
        }

        var positions = await impressions.PositionsAsync(profiles.Keys, cancellationToken);
        var history = await profileVersions.ReadAllAsync(cancellationToken);
        var set = TrainingData.Build(events, profiles, posts, now, positions, history: history);
        var serving = await state.GetModelAsync(cancellationToken);
        var logged = await impressions.FirstListsAsync(set.HeldOut.Select(h => h.Seeker.GraduateId), cancellationToken);
        var metadata = Train(set, options.Value.MinimumTrainingGroups, now, serving.Model, out var trained, logged: logged);
        if (trained is null)
        {
            await models.RecordRunAsync(metadata, cancellationToken);
            logger.LogInformation("Training skipped: {Note}", metadata.Note);
            return metadata;
        }

        await models.SaveAsync(metadata, trained.Model, trained.EmployerModel, cancellationToken);
        if (metadata.Promoted)
        {
            await models.PromoteAsync(metadata.Version, cancellationToken);
            state.Invalidate();
        }

        await models.RecordRunAsync(metadata, cancellationToken);
        metrics.ModelsTrained.Add(1, new KeyValuePair<string, object?>("promoted", metadata.Promoted));
        logger.LogInformation("Model {Version} trained on {Rows} rows: NDCG@10 {Model:0.000} (heuristic {Heuristic:0.000}, random {Random:0.000}); promoted {Promoted}",
            metadata.Version, metadata.TrainingRows, metadata.NdcgAt10Model, metadata.NdcgAt10Heuristic, metadata.NdcgAt10Random, metadata.Promoted);
        return metadata;
    }

    /// <summary>A challenger replaces the serving ranker only if it beats the heuristic and the serving model
    /// (when there is one) on the same held-out graduates by more than chance: the lower end of each paired
    /// difference's 95% interval is above 0. A tie does not promote, and neither does having no incumbent. The
    /// intervals are those of the off-policy estimate (<see cref="OffPolicyEstimator"/>), not of NDCG on logged
    /// outcomes, which favours whichever ranker chose what was shown.</summary>
    public static bool ShouldPromote(Interval gainOverHeuristic, Interval? gainOverIncumbent)
    {
        ArgumentNullException.ThrowIfNull(gainOverHeuristic);
        return gainOverHeuristic.Low > 0 && (gainOverIncumbent is null || gainOverIncumbent.Low > 0);
    }

    /// <summary>Pairs × trees that fit the training-time goal (100 trees over 1,000,000 pairs in under 60 s on the
    /// benchmark machine, README): fewer pairs afford more trees, up to <see cref="MaxTrees"/>.</summary>
    public const long TreeRowBudget = 100L * 1_000_000;
    public const int MinTrees = 100;
    public const int MaxTrees = 300;

    public static int TreesFor(int rows) => (int)Math.Clamp(TreeRowBudget / Math.Max(1, rows), MinTrees, MaxTrees);

    /// <summary>Trains on the pairs before the cutoff and evaluates on the graduates after it. Pure: used by the
    /// job and by the evaluation command on simulated markets.</summary>
    /// <param name="incumbent">The model serving now (null when the heuristic serves).</param>
    /// <param name="trees">Trees per model; by default as many as the training-time budget allows (<see cref="TreesFor"/>).</param>
    /// <param name="logged">Each held-out graduate's first logged list (positions and propensities), for the
    /// off-policy estimate promotion rests on; without it nothing is promoted.</param>
    public static ModelMetadata Train(TrainingSet set, int minimumGroups, DateTimeOffset now, IScorer? incumbent, out TrainedModels? trained, int? trees = null,
        IReadOnlyDictionary<string, LoggedList>? logged = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        var treeCount = trees ?? TreesFor(set.Training.Count);
        var version = "m" + now.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        var usefulGroups = set.Training.Where(p => p.Label > 0).Select(p => p.GraduateId).Distinct(StringComparer.Ordinal).Count();
        var metadata = new ModelMetadata
        {
            Version = version,
            TrainedAt = now,
            TrainingRows = set.Training.Count,
            TrainingGroups = set.TrainingGraduates,
            HeldOutGroups = set.HeldOut.Count,
            SchemaVersion = PairFeatures.Schema.Version,
            EmployerSchemaVersion = CandidateFeatures.Schema.Version,
            DataSnapshot = set.Snapshot,
            Cutoff = set.Cutoff,
        };
        if (usefulGroups < minimumGroups || set.HeldOut.Count == 0)
        {
            trained = null;
            return metadata with
            {
                TrainingGroups = usefulGroups,
                Note = $"Too few outcomes: {usefulGroups} graduates with an application in the training split, {minimumGroups} needed, {set.HeldOut.Count} held out. The heuristic keeps serving.",
            };
        }

        var watch = Stopwatch.StartNew();
        var model = RankingModel.Train(TrainingData.Rows(set.Training), PairFeatures.Schema, version, trees: treeCount);
        watch.Stop();

        var scorers = new List<IScorer> { model, HeuristicScorer.ForGraduate, new RandomScorer(PairFeatures.Schema, 7) };
        if (incumbent is not null && ReferenceEquals(incumbent.Schema, PairFeatures.Schema))
        {
            scorers.Add(incumbent);
        }

        var ndcg = HeldOutEvaluation.Ndcg(set, scorers);
        var overHeuristic = Bootstrap.Difference(ndcg[0], ndcg[1]);
        var overIncumbent = ndcg.Length > 3 ? Bootstrap.Difference(ndcg[0], ndcg[3]) : null;

        // Off-policy: the policy that logged the held-out lists (the heuristic when no model serves, else the serving
        // model) is valued on-policy from what it showed for sure; the other baseline, off-policy like the challenger.
        var offPolicy = logged is null ? null : OffPolicyEstimator.ForHeldOut(set, scorers, logged);
        var loggedPolicy = scorers.Count;
        var loggedBy = logged?.Values.Select(l => l.ModelVersion).Distinct(StringComparer.Ordinal).ToList() ?? [];
        var heuristicBaseline = loggedBy is [HeuristicScorer.Version] ? loggedPolicy : 1;
        var incumbentBaseline = scorers.Count <= 3 ? -1 : loggedBy.Count == 1 && loggedBy[0] == scorers[3].Version ? loggedPolicy : 3;
        var offRefusal = offPolicy is null ? "no logged lists"
            : offPolicy.RefusalFor(0, heuristicBaseline) ?? (incumbentBaseline < 0 ? null : offPolicy.RefusalFor(0, incumbentBaseline));
        var offOverHeuristic = offPolicy is not null && offRefusal is null ? offPolicy.Gain(0, heuristicBaseline) : null;
        var offOverIncumbent = offPolicy is not null && offRefusal is null && incumbentBaseline >= 0 ? offPolicy.Gain(0, incumbentBaseline) : null;
        var promote = offOverHeuristic is not null && ShouldPromote(offOverHeuristic, offOverIncumbent);

        // The employer side: trained on employer decisions grouped by post, and served only if it beats its heuristic.
        var employerGroups = set.EmployerTraining.Where(p => p.Label > 0).Select(p => p.GroupId).Distinct().Count();
        RankingModel? employerModel = null;
        double? employerModelNdcg = null, employerHeuristicNdcg = null;
        var employerServes = false;
        if (employerGroups >= minimumGroups && set.EmployerHeldOut.Count > 0)
        {
            employerModel = RankingModel.Train(TrainingData.Rows(set.EmployerTraining), CandidateFeatures.Schema, version + "-employer", trees: treeCount);
            var learned = HeldOutEvaluation.EmployerNdcg(set.EmployerHeldOut, employerModel);
            var rule = HeldOutEvaluation.EmployerNdcg(set.EmployerHeldOut, HeuristicScorer.ForEmployer);
            employerModelNdcg = learned.DefaultIfEmpty().Average();
            employerHeuristicNdcg = rule.DefaultIfEmpty().Average();
            employerServes = learned.Length > 0 && Bootstrap.Difference(learned, rule).Low > 0;
        }

        trained = new TrainedModels(model, employerServes ? employerModel : null);
        return metadata with
        {
            TrainingGroups = set.TrainingGraduates,
            NdcgAt10Model = ndcg[0].Average(),
            NdcgAt10Heuristic = ndcg[1].Average(),
            NdcgAt10Random = ndcg[2].Average(),
            NdcgAt10Previous = ndcg.Length > 3 ? ndcg[3].Average() : null,
            NdcgAt10ModelInterval = Bootstrap.Of(ndcg[0]),
            NdcgAt10HeuristicInterval = Bootstrap.Of(ndcg[1]),
            GainOverHeuristic = overHeuristic,
            GainOverPrevious = overIncumbent,
            HeldOutWithoutRelevantPost = set.HeldOut.Count(g => !g.Labels.Values.Any(l => l > 0)),
            Promoted = promote,
            Note = promote ? null
                : offOverHeuristic is null ? $"Not promoted: no off-policy estimate ({offRefusal})."
                : $"Not promoted: the off-policy gain over the heuristic is {offOverHeuristic}" + (offOverIncumbent is null ? string.Empty : $" and over the serving model {offOverIncumbent}") + "; both intervals must lie above 0.",
            OffPolicyValueModel = offPolicy is { Refused: false } ? offPolicy.Value(0) : null,
            OffPolicyValueHeuristic = offPolicy is { Refused: false } ? offPolicy.Value(heuristicBaseline) : null,
            OffPolicyValuePrevious = offPolicy is { Refused: false } && incumbentBaseline >= 0 ? offPolicy.Value(incumbentBaseline) : null,
            OffPolicyGainOverHeuristic = offOverHeuristic,
            OffPolicyGainOverPrevious = offOverIncumbent,
            OffPolicyGraduates = offPolicy?.Graduates.Count ?? 0,
            OffPolicyOutcomes = offPolicy?.LoggedOutcomes ?? 0,
            OffPolicyExploredOutcomes = offPolicy?.ExploredOutcomes ?? 0,
            FeatureImportance = model.FeatureImportance(),
            TrainingSeconds = Math.Round(watch.Elapsed.TotalSeconds, 2),
            EmployerNdcgAt10Model = employerModelNdcg,
            EmployerNdcgAt10Heuristic = employerHeuristicNdcg,
            EmployerModelServes = employerServes,
        };
    }
}
