using System.Text.Json;
using Liuhu.Core.Graduates;
using Liuhu.Functions.Http;
using Liuhu.Matching.Serving;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Liuhu.Functions.Matching;

public sealed class MatchFunctions(MatchService matches, CandidateService candidates, OutcomeService outcomes, AnonymousRateLimiter limiter, TimeProvider time, ILogger<MatchFunctions> logger)
{
    [Function(nameof(GetGraduateMatches))]
    public Task<IActionResult> GetGraduateMatches(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "graduates/{graduateId}/matches")] HttpRequest request,
        string graduateId,
        CancellationToken cancellationToken) =>
        ProblemBoundary.RunAnonymousAsync(request, limiter, logger, async () =>
            ApiResults.Ok(await matches.MatchStoredAsync(graduateId, MatchQueries.Parse(request.Query), cancellationToken)));

    [Function(nameof(MatchProfile))]
    public Task<IActionResult> MatchProfile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "matches")] HttpRequest request,
        CancellationToken cancellationToken) =>
        ProblemBoundary.RunAnonymousAsync(request, limiter, logger, async () =>
        {
            // The profile is used for this answer only and not stored; sending it is the consent to match it.
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            var profile = GraduateService.Parse("anonymous", body.RootElement, time.GetUtcNow());
            return ApiResults.Ok(await matches.MatchAsync(profile, MatchQueries.Parse(request.Query), cancellationToken));
        });

    [Function(nameof(GetVacancyCandidates))]
    public Task<IActionResult> GetVacancyCandidates(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "vacancies/{vacancyId}/candidates")] HttpRequest request,
        string vacancyId,
        CancellationToken cancellationToken) =>
        ProblemBoundary.RunAsync(request, logger, async () =>
        {
            var viewer = request.Headers["X-Employer-Id"].FirstOrDefault() is { Length: > 0 } employer ? employer : "client:" + AnonymousRateLimiter.ClientOf(request);
            var (modelVersion, items) = await candidates.RankAsync(vacancyId, MatchQueries.Top(request.Query), viewer, cancellationToken);
            return ApiResults.Ok(new { vacancyId, modelVersion, items });
        });

    [Function(nameof(RecordOutcomes))]
    public Task<IActionResult> RecordOutcomes(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "outcomes")] HttpRequest request,
        CancellationToken cancellationToken) =>
        ProblemBoundary.RunAsync(request, logger, async () =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            var results = await outcomes.RecordAsync(body.RootElement, cancellationToken);
            return ApiResults.Ok(new
            {
                Recorded = results.Count(r => r.Status == "recorded"),
                Rejected = results.Count(r => r.Status != "recorded"),
                Items = results,
            });
        });
}
