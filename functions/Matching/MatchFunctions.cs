using System.Text.Json;
using Liuhu.Core.Access;
using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Functions.Http;
using Liuhu.Matching.Serving;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Liuhu.Functions.Matching;

public sealed class MatchFunctions(MatchService matches, CandidateService candidates, OutcomeService outcomes, GraduateTokens tokens, TimeProvider time)
{
    /// <summary>For the public site (with a graduate token for this graduate), the graduate's university, or the bureau.</summary>
    [Function(nameof(GetGraduateMatches))]
    [Access(Callers.Site | Callers.University, Tenant = RouteTenant.Graduate)]
    public async Task<IActionResult> GetGraduateMatches(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "graduates/{graduateId}/matches")] HttpRequest request,
        string graduateId,
        CancellationToken cancellationToken) =>
        ApiResults.Ok(await matches.MatchStoredAsync(graduateId, MatchQueries.Parse(request.Query), cancellationToken));

    [Function(nameof(MatchProfile))]
    [Access(Callers.Everyone)]
    public async Task<IActionResult> MatchProfile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "matches")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        // A bad filter is refused before the profile is read (400, whatever the body).
        var filters = MatchQueries.Parse(request.Query);

        // The profile is used for this answer only and not stored; sending it is the consent to match it.
        using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        var profile = GraduateService.Parse("anonymous", body.RootElement, time.GetUtcNow());
        var result = await matches.MatchAsync(profile, filters, cancellationToken);

        // Anyone may post a profile, so an anonymous answer must not become a way to harvest every employer's
        // recruiting contact; those calling with a key (the site for a signed-in graduate, a university) see them.
        return ApiResults.Ok(request.HasCaller() ? result : result.WithoutContacts());
    }

    /// <summary>The public site asks for a token for a graduate who has signed in there; it is what opens that
    /// graduate's matches, for a few minutes, to this site only.</summary>
    [Function(nameof(IssueGraduateToken))]
    [Access(Callers.Site)]
    public async Task<IActionResult> IssueGraduateToken(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "graduate-tokens")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        var token = tokens.Issue(JsonFields.String(body.RootElement, "graduateId"), request.Caller().OrganisationId);
        return ApiResults.Ok(new { token.Token, token.GraduateId, token.ExpiresAt, Header = GraduateTokens.Header });
    }

    [Function(nameof(GetVacancyCandidates))]
    [Access(Callers.Employer, Tenant = RouteTenant.Vacancy, Audit = true)]
    public async Task<IActionResult> GetVacancyCandidates(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "vacancies/{vacancyId}/candidates")] HttpRequest request,
        string vacancyId,
        CancellationToken cancellationToken)
    {
        var (modelVersion, items) = await candidates.RankAsync(vacancyId, MatchQueries.Top(request.Query), request.Caller(), cancellationToken);
        return ApiResults.Ok(new { vacancyId, modelVersion, items });
    }

    [Function(nameof(RecordOutcomes))]
    [Access(Callers.Employer | Callers.University | Callers.Site)]
    public async Task<IActionResult> RecordOutcomes(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "outcomes")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        var results = await outcomes.RecordAsync(request.Caller(), request.TokenGraduateId(), body.RootElement, cancellationToken);
        return ApiResults.Ok(new
        {
            Recorded = results.Count(r => r.Status == "recorded"),
            Rejected = results.Count(r => r.Status != "recorded"),
            Items = results,
        });
    }
}
