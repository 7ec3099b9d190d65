using System.Text.Json;
using Liuhu.Core.Access;
using Liuhu.Core.Fairs;
using Liuhu.Functions.Http;
using Liuhu.Functions.Vacancies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Liuhu.Functions.Fairs;

/// <summary>Job fairs (招聘会): the public calendar and each fair's counts for anyone; a district office creates,
/// changes and cancels its own district's fairs, the bureau any; posts are linked by their owner or the organiser.</summary>
public sealed class FairFunctions(FairService fairs, PublicLinks links)
{
    [Function(nameof(ListFairs))]
    [Access(Callers.Everyone)]
    public async Task<IActionResult> ListFairs(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "fairs")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var query = FairQuery.Parse(request.Query);
        var page = await fairs.ListAsync(query.From, query.To, query.District, query.Kind, query.Offset, query.PageSize, cancellationToken);
        return ApiResults.Ok(new { Items = page.Items.Select(i => FairViews.Public(i.Fair, i.Counts)), ContinuationToken = FairQuery.NextToken(page.NextOffset) });
    }

    [Function(nameof(GetFair))]
    [Access(Callers.Everyone)]
    public async Task<IActionResult> GetFair(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "fairs/{fairId}")] HttpRequest request,
        string fairId,
        CancellationToken cancellationToken)
    {
        var (fair, counts) = await fairs.GetAsync(fairId, cancellationToken);
        return ApiResults.Ok(FairViews.Public(fair, counts));
    }

    [Function(nameof(CreateFair))]
    [Access(Callers.District, Audit = true)]
    public async Task<IActionResult> CreateFair(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "fairs")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        var (fair, created) = await fairs.CreateAsync(request.Caller(), body.RootElement, cancellationToken);
        var view = FairViews.Managed(fair, FairCounts.None);
        return created ? ApiResults.Created(view, links.To($"fairs/{fair.FairId}")) : ApiResults.Ok(view);
    }

    [Function(nameof(UpdateFair))]
    [Access(Callers.District, Audit = true)]
    public async Task<IActionResult> UpdateFair(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "fairs/{fairId}")] HttpRequest request,
        string fairId,
        CancellationToken cancellationToken)
    {
        using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        var (fair, counts) = await fairs.UpdateAsync(request.Caller(), fairId, body.RootElement, cancellationToken);
        return ApiResults.Ok(FairViews.Managed(fair, counts));
    }

    /// <summary>Cancels (does not delete): the fair stays in the calendar marked cancelled, with the counts it had.</summary>
    [Function(nameof(CancelFair))]
    [Access(Callers.District, Audit = true)]
    public async Task<IActionResult> CancelFair(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "fairs/{fairId}")] HttpRequest request,
        string fairId,
        CancellationToken cancellationToken)
    {
        var (fair, counts) = await fairs.CancelAsync(request.Caller(), fairId, cancellationToken);
        return ApiResults.Ok(FairViews.Managed(fair, counts));
    }

    /// <summary>A fair's posts for the site's fair page and the offices: who sees which is the service's rule.</summary>
    [Function(nameof(ListFairPosts))]
    [Access(Callers.Organisations)]
    public async Task<IActionResult> ListFairPosts(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "fairs/{fairId}/posts")] HttpRequest request,
        string fairId,
        CancellationToken cancellationToken)
    {
        var query = FairQuery.Parse(request.Query);
        var (items, next) = await fairs.PostsAsync(request.Caller(), fairId, query.Offset, query.PageSize, cancellationToken);
        return ApiResults.Ok(new { Items = items.Select(v => VacancyViews.Vacancy(v, withContact: false)), ContinuationToken = FairQuery.NextToken(next) });
    }

    [Function(nameof(LinkFairPost))]
    [Access(Callers.Employer | Callers.District, Audit = true)]
    public async Task<IActionResult> LinkFairPost(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "fairs/{fairId}/posts/{vacancyId}")] HttpRequest request,
        string fairId,
        string vacancyId,
        CancellationToken cancellationToken) =>
        ApiResults.Ok(VacancyViews.Vacancy(await fairs.LinkAsync(request.Caller(), fairId, vacancyId, link: true, cancellationToken), withContact: false));

    [Function(nameof(UnlinkFairPost))]
    [Access(Callers.Employer | Callers.District, Audit = true)]
    public async Task<IActionResult> UnlinkFairPost(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "fairs/{fairId}/posts/{vacancyId}")] HttpRequest request,
        string fairId,
        string vacancyId,
        CancellationToken cancellationToken) =>
        ApiResults.Ok(VacancyViews.Vacancy(await fairs.LinkAsync(request.Caller(), fairId, vacancyId, link: false, cancellationToken), withContact: false));

    /// <summary>The offices' list: a district office its own district's fairs, the bureau every fair (or one
    /// district's), each with its counts, creator and last change.</summary>
    [Function(nameof(GetFairReport))]
    [Access(Callers.District)]
    public async Task<IActionResult> GetFairReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "fair-report")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var caller = request.Caller();
        var query = FairQuery.Parse(request.Query);
        var district = caller.Kind == OrganisationKind.District ? caller.Tenant : query.District;
        var page = await fairs.ListAsync(query.From, query.To, district, query.Kind, query.Offset, query.PageSize, cancellationToken);
        return ApiResults.Ok(new { Items = page.Items.Select(i => FairViews.Managed(i.Fair, i.Counts)), ContinuationToken = FairQuery.NextToken(page.NextOffset) });
    }
}
