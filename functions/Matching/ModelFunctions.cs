using Liuhu.Core.Problems;
using Liuhu.Core.Storage;
using Liuhu.Functions.Http;
using Liuhu.Matching.Ranking;
using Liuhu.Matching.Serving;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Liuhu.Functions.Matching;

public sealed class ModelFunctions(TrainingQueue queue, TrainingService training, ModelRepository models, MatchingState state, ILogger<ModelFunctions> logger)
{
    [Function(nameof(RequestModelTraining))]
    public Task<IActionResult> RequestModelTraining(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "admin/model/train")] HttpRequest request,
        CancellationToken cancellationToken) =>
        ProblemBoundary.RunAsync(request, logger, async () =>
        {
            var requestId = await queue.RequestAsync("admin", cancellationToken);
            var statusUrl = $"{request.Scheme}://{request.Host}{request.PathBase}/api/admin/model";
            return ApiResults.Accepted(new { requestId, statusUrl }, statusUrl);
        });

    [Function(nameof(GetModel))]
    public Task<IActionResult> GetModel(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "admin/model")] HttpRequest request,
        CancellationToken cancellationToken) =>
        ProblemBoundary.RunAsync(request, logger, async () =>
        {
            var serving = await state.GetModelAsync(cancellationToken);
            var metadata = serving.Model is null ? null : await models.GetMetadataAsync(serving.Version, cancellationToken);
            var lastRun = await models.GetLastRunAsync(cancellationToken);
            return ApiResults.Ok(new { Version = serving.Version, Current = metadata, LastRun = lastRun });
        });

    [Function(nameof(TrainModel))]
    public Task TrainModel([QueueTrigger(StorageNames.TrainingQueue)] string message, CancellationToken cancellationToken) =>
        training.TrainAsync(cancellationToken);

    /// <summary>Nightly at 18:00 UTC, which is 02:00 Beijing time, when the public site is quiet.</summary>
    [Function(nameof(NightlyModelTraining))]
    public Task NightlyModelTraining([TimerTrigger("0 0 18 * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        queue.RequestAsync("nightly", cancellationToken);
}
