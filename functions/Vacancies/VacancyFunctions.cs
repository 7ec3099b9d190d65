using System.Text.Json;
using Liuhu.Core.Domain;
using Liuhu.Core.Problems;
using Liuhu.Core.Storage;
using Liuhu.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Liuhu.Functions.Vacancies;

public sealed class VacancyFunctions(IVacancyStore vacancies, TimeProvider time, ILogger<VacancyFunctions> logger)
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;

    [Function(nameof(GetVacancy))]
    public Task<IActionResult> GetVacancy(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "vacancies/{vacancyId}")] HttpRequest request,
        string vacancyId,
        CancellationToken cancellationToken) =>
        ProblemBoundary.RunAsync(request, logger, async () =>
        {
            var vacancy = await vacancies.GetAsync(vacancyId, cancellationToken) ?? throw NotFound(vacancyId);
            return ApiResults.Ok(VacancyViews.Vacancy(vacancy, withContact: true));
        });

    [Function(nameof(ListVacancies))]
    public Task<IActionResult> ListVacancies(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "vacancies")] HttpRequest request,
        CancellationToken cancellationToken) =>
        ProblemBoundary.RunAsync(request, logger, async () =>
        {
            var page = await vacancies.ListAsync(VacancyQueries.Parse(request.Query, DefaultPageSize, MaxPageSize), cancellationToken);
            return ApiResults.Ok(new
            {
                Items = page.Items.Select(v => VacancyViews.Vacancy(v, withContact: false)),
                ContinuationToken = ContinuationTokens.Encode(page.ContinuationToken),
            });
        });

    [Function(nameof(UpdateVacancyStatus))]
    public Task<IActionResult> UpdateVacancyStatus(
        [HttpTrigger(AuthorizationLevel.Function, "patch", Route = "vacancies/{vacancyId}")] HttpRequest request,
        string vacancyId,
        CancellationToken cancellationToken) =>
        ProblemBoundary.RunAsync(request, logger, async () =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            var text = body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String
                ? s.GetString()
                : null;
            if (!Enum.TryParse<VacancyStatus>(text, ignoreCase: true, out var status) || int.TryParse(text, out _))
            {
                throw new ProblemException(Problem.BadRequest("status.invalid", "status 应为 open（招聘中）、filled（已招满）或 withdrawn（已撤回）",
                    "Body must be {\"status\": \"open\" | \"filled\" | \"withdrawn\"}."));
            }

            var updated = await vacancies.SetStatusAsync(vacancyId, status, time.GetUtcNow(), cancellationToken) ?? throw NotFound(vacancyId);
            return ApiResults.Ok(VacancyViews.Vacancy(updated, withContact: true));
        });

    private static ProblemException NotFound(string vacancyId) =>
        new(Problem.NotFound("vacancy.not_found", "未找到该岗位", $"No vacancy with id '{vacancyId}'."));
}
