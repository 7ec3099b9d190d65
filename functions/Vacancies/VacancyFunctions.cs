using System.Text.Json;
using Liuhu.Core.Access;
using Liuhu.Core.Domain;
using Liuhu.Core.Policies;
using Liuhu.Core.Problems;
using Liuhu.Core.Storage;
using Liuhu.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Liuhu.Functions.Vacancies;

/// <summary>Posts: an employer reads, lists and changes only its own, a district office those in its district,
/// the bureau all; the public site and universities read every post (a job ad is public) but change none.</summary>
public sealed class VacancyFunctions(IVacancyStore vacancies, PolicyService policies, TimeProvider time)
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;

    [Function(nameof(GetVacancy))]
    [Access(Callers.Organisations, Tenant = RouteTenant.Vacancy)]
    public async Task<IActionResult> GetVacancy(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "vacancies/{vacancyId}")] HttpRequest request,
        string vacancyId,
        CancellationToken cancellationToken)
    {
        var caller = request.Caller();
        var vacancy = await vacancies.GetAsync(vacancyId, cancellationToken) is { } found && Sees(caller, found) ? found : throw NotFound(vacancyId);

        // The post's own side (employer, its district, the bureau) also sees which hires would bring a subsidy.
        var subsidies = caller.OwnsPost(vacancy) ? await policies.ForEmployerAsync(vacancy, cancellationToken) : null;
        return ApiResults.Ok(VacancyViews.Vacancy(vacancy, withContact: true, subsidies));
    }

    [Function(nameof(ListVacancies))]
    [Access(Callers.Organisations)]
    public async Task<IActionResult> ListVacancies(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "vacancies")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var page = await vacancies.ListAsync(Scoped(request.Caller(), VacancyQueries.Parse(request.Query, DefaultPageSize, MaxPageSize)), cancellationToken);
        return ApiResults.Ok(new
        {
            Items = page.Items.Select(v => VacancyViews.Vacancy(v, withContact: false)),
            ContinuationToken = ContinuationTokens.Encode(page.ContinuationToken),
        });
    }

    [Function(nameof(UpdateVacancyStatus))]
    [Access(Callers.Employer | Callers.District, Tenant = RouteTenant.Vacancy, Audit = true)]
    public async Task<IActionResult> UpdateVacancyStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "vacancies/{vacancyId}")] HttpRequest request,
        string vacancyId,
        CancellationToken cancellationToken)
    {
        // Scope first: another tenant's post answers as not found whatever the body says.
        if (await vacancies.GetAsync(vacancyId, cancellationToken) is not { } current || !request.Caller().OwnsPost(current))
        {
            throw NotFound(vacancyId);
        }

        using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        var text = JsonFields.String(body.RootElement, "status");
        if (!Enum.TryParse<VacancyStatus>(text, ignoreCase: true, out var status) || int.TryParse(text, out _))
        {
            throw new ProblemException(Problem.BadRequest("status.invalid", "status 应为 open（招聘中）、filled（已招满）或 withdrawn（已撤回）",
                "Body must be {\"status\": \"open\" | \"filled\" | \"withdrawn\"}."));
        }

        var updated = await vacancies.SetStatusAsync(vacancyId, status, time.GetUtcNow(), cancellationToken) ?? throw NotFound(vacancyId);
        return ApiResults.Ok(VacancyViews.Vacancy(updated, withContact: true));
    }

    /// <summary>Universities and the site read any post; employers and districts only their own (another's answers as not found).</summary>
    private static bool Sees(Caller caller, Vacancy vacancy) =>
        caller.Kind is OrganisationKind.Site or OrganisationKind.University || caller.OwnsPost(vacancy);

    private static VacancyQuery Scoped(Caller caller, VacancyQuery query) => caller.Kind switch
    {
        OrganisationKind.Employer => query with { EmployerCreditCode = caller.Tenant },
        OrganisationKind.District => query with { District = caller.Tenant },
        _ => query,
    };

    private static ProblemException NotFound(string vacancyId) =>
        new(Problem.NotFound("vacancy.not_found", "未找到该岗位", $"No vacancy with id '{vacancyId}'."));
}
