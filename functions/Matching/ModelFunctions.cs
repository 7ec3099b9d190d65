using Liuhu.Core.Problems;
using Liuhu.Core.Storage;
using Liuhu.Functions.Http;
using Liuhu.Matching.Ranking;
using Liuhu.Matching.Serving;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Liuhu.Functions.Matching;

public sealed class ModelFunctions(TrainingQueue queue, TrainingService training, ModelRepository models, MatchingState state, PublicLinks links)
{
    [Function(nameof(RequestModelTraining))]
    [Access(Callers.Bureau)]
    public async Task<IActionResult> RequestModelTraining(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/model/train")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var requestId = await queue.RequestAsync(request.Caller().AuditName, cancellationToken);
        var statusUrl = links.To("manage/model");
        return ApiResults.Accepted(new { requestId, statusUrl }, statusUrl);
    }

    [Function(nameof(GetModel))]
    [Access(Callers.Bureau)]
    public async Task<IActionResult> GetModel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/model")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var serving = await state.GetModelAsync(cancellationToken);
        var metadata = serving.Model is null ? null : await models.GetMetadataAsync(serving.Version, cancellationToken);
        var lastRun = await models.GetLastRunAsync(cancellationToken);
        return ApiResults.Ok(new { Version = serving.Version, Current = metadata, LastRun = lastRun });
    }

    [Function(nameof(TrainModel))]
    public Task TrainModel([QueueTrigger(StorageNames.TrainingQueue)] string message, CancellationToken cancellationToken) =>
        training.TrainAsync(cancellationToken);

    /// <summary>Nightly at 18:00 UTC, which is 02:00 Beijing time, when the public site is quiet.</summary>
    [Function(nameof(NightlyModelTraining))]
    public Task NightlyModelTraining([TimerTrigger("0 0 18 * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        queue.RequestAsync("nightly", cancellationToken);
}
