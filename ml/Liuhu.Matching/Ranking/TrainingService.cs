using Liuhu.Core.Domain;
using System.Diagnostics;
using System.Globalization;
using Liuhu.Core.Graduates;
using Liuhu.Core.Outcomes;
using Liuhu.Core.Storage;
using Liuhu.Matching.Features;
using Liuhu.Matching.Serving;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Liuhu.Matching.Ranking;

/// <summary>The training job: all stored outcomes → labelled pairs → a LambdaMART model, evaluated on held-out
/// graduates against the heuristic, random order and the model serving now; promoted only if its NDCG@10 is
/// at least the serving model's.</summary>
public sealed class TrainingService(
    IOutcomeStore outcomes,
    IGraduateStore graduates,
    IVacancyStore vacancies,
    ModelRepository models,
    MatchingState state,
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

        // One read of the outcomes serves both the competition feature and the labels.
        var applications = MatchingState.ApplicationsPerVacancy(events);
        var posts = new Dictionary<string, PostProfile>(StringComparer.Ordinal);
        await foreach (var vacancy in vacancies.ReadAllAsync(cancellationToken))
        {
            posts[vacancy.VacancyId] = new PostProfile(vacancy, MajorCatalog.Default) { Applications = applications.GetValueOrDefault(vacancy.VacancyId) };
        }

        var profiles = new Dictionary<string, GraduateProfile>(StringComparer.Ordinal);
        await foreach (var graduate in graduates.ReadAllAsync(withPersonalData: false, cancellationToken))
        {
            profiles[graduate.GraduateId] = graduate;
        }

        var pairs = TrainingData.Build(events, profiles, posts, now);
        var metadata = Train(pairs, options.Value.MinimumTrainingGroups, now, out var model);
        if (model is null)
        {
            await models.RecordRunAsync(metadata, cancellationToken);
            logger.LogInformation("Training skipped: {Note}", metadata.Note);
            return metadata;
        }

        var heldOut = pairs.Where(p => TrainingData.IsHeldOut(p.GraduateId)).ToList();
        var previousVersion = await models.GetCurrentVersionAsync(cancellationToken);
        var previous = previousVersion is null ? null : await models.LoadAsync(previousVersion, cancellationToken);
        double? previousNdcg = previous is null ? null : Ndcg.Mean(TrainingData.Groups(heldOut, previous.Score(heldOut.Select(p => p.Features).ToList())), 10);
        var promote = ShouldPromote(metadata.NdcgAt10Model, previousNdcg);
        metadata = metadata with
        {
            NdcgAt10Previous = previousNdcg,
            Promoted = promote,
            Note = promote ? null : $"Not promoted: NDCG@10 {metadata.NdcgAt10Model:0.0000} is below the serving model's {previousNdcg:0.0000}.",
        };

        await models.SaveAsync(metadata, model, cancellationToken);
        if (promote)
        {
            await models.PromoteAsync(metadata.Version, cancellationToken);
            state.Invalidate();
        }

        await models.RecordRunAsync(metadata, cancellationToken);
        metrics.ModelsTrained.Add(1, new KeyValuePair<string, object?>("promoted", promote));
        logger.LogInformation("Model {Version} trained on {Rows} rows: NDCG@10 {Model:0.000} (heuristic {Heuristic:0.000}, random {Random:0.000}); promoted {Promoted}",
            metadata.Version, metadata.TrainingRows, metadata.NdcgAt10Model, metadata.NdcgAt10Heuristic, metadata.NdcgAt10Random, promote);
        return metadata;
    }

    /// <summary>A new model replaces the serving one only if it does at least as well on the same held-out graduates.</summary>
    public static bool ShouldPromote(double candidateNdcg, double? servingNdcg) => servingNdcg is null || candidateNdcg >= servingNdcg.Value;

    /// <summary>Trains on the graduates not held out and evaluates on the rest. Pure: used by the job and by the
    /// evaluation command on a simulated market.</summary>
    public static ModelMetadata Train(IReadOnlyList<LabelledPair> pairs, int minimumGroups, DateTimeOffset now, out RankingModel? model)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var training = pairs.Where(p => !TrainingData.IsHeldOut(p.GraduateId)).ToList();
        var heldOut = pairs.Where(p => TrainingData.IsHeldOut(p.GraduateId)).ToList();
        var version = "m" + now.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        var usefulGroups = training.Where(p => p.Label > 0).Select(p => p.GraduateId).Distinct().Count();
        var heldOutGroups = heldOut.Select(p => p.GraduateId).Distinct().Count();
        if (usefulGroups < minimumGroups || heldOut.Count == 0)
        {
            model = null;
            return new ModelMetadata
            {
                Version = version,
                TrainedAt = now,
                TrainingRows = training.Count,
                TrainingGroups = usefulGroups,
                HeldOutGroups = heldOutGroups,
                Note = $"Too few outcomes: {usefulGroups} graduates with an application in the training split, {minimumGroups} needed. The heuristic keeps serving.",
            };
        }

        var watch = Stopwatch.StartNew();
        model = RankingModel.Train(TrainingData.Rows(training));
        watch.Stop();
        var modelScores = model.Score(heldOut.Select(p => p.Features).ToList());
        var random = new Random(7);
        return new ModelMetadata
        {
            Version = version,
            TrainedAt = now,
            TrainingRows = training.Count,
            TrainingGroups = training.Select(p => p.GraduateId).Distinct().Count(),
            HeldOutGroups = heldOutGroups,
            NdcgAt10Model = Ndcg.Mean(TrainingData.Groups(heldOut, modelScores), 10),
            NdcgAt10Heuristic = Ndcg.Mean(TrainingData.Groups(heldOut, heldOut.Select(p => p.HeuristicScore).ToList()), 10),
            NdcgAt10Random = Ndcg.Mean(TrainingData.Groups(heldOut, heldOut.Select(_ => (float)random.NextDouble()).ToList()), 10),
            FeatureImportance = model.FeatureImportance(),
            TrainingSeconds = Math.Round(watch.Elapsed.TotalSeconds, 2),
        };
    }
}
