using System.Text.Json;
using Liuhu.Core.Access;
using Liuhu.Core.Domain;
using Liuhu.Core.Problems;
using Liuhu.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Liuhu.Functions.Manage;

/// <summary>The bureau registers organisations and issues, rotates and revokes their credentials. A secret is in
/// the response that issues it and nowhere else.</summary>
public sealed class OrganisationFunctions(AccessService access, PublicLinks links, TimeProvider time)
{
    [Function(nameof(RegisterOrganisation))]
    [Access(Callers.Bureau)]
    public async Task<IActionResult> RegisterOrganisation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/organisations")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        var kind = TableAccessStore.ParseKind(JsonFields.String(body.RootElement, "kind"))
            ?? throw new ProblemException(Problem.BadRequest("organisation.kind_invalid", "kind 应为 employer、university、district、bureau 或 site",
                "kind must be employer, university, district, bureau or site."));
        var organisation = await access.RegisterAsync(kind, JsonFields.String(body.RootElement, "code"), JsonFields.String(body.RootElement, "name"), cancellationToken);
        return ApiResults.Created(organisation, links.To($"manage/organisations/{organisation.OrganisationId}"));
    }

    [Function(nameof(ListOrganisations))]
    [Access(Callers.Bureau)]
    public async Task<IActionResult> ListOrganisations(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/organisations")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var kind = request.Query["kind"].FirstOrDefault() is { Length: > 0 } text
            ? TableAccessStore.ParseKind(text) ?? throw QueryParameters.Invalid("kind", "kind 无效", "kind must be employer, university, district, bureau or site.")
            : (OrganisationKind?)null;
        return ApiResults.Ok(new { Items = await access.ListAsync(kind, cancellationToken) });
    }

    [Function(nameof(GetOrganisation))]
    [Access(Callers.Bureau)]
    public async Task<IActionResult> GetOrganisation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage/organisations/{organisationId}")] HttpRequest request,
        string organisationId,
        CancellationToken cancellationToken)
    {
        var organisation = await access.GetOrganisationAsync(organisationId, cancellationToken);
        var credentials = await access.ListCredentialsAsync(organisationId, cancellationToken);
        return ApiResults.Ok(new { organisation.OrganisationId, organisation.Kind, organisation.Code, organisation.Name, organisation.CreatedAt, Credentials = credentials.Select(View) });
    }

    [Function(nameof(IssueCredential))]
    [Access(Callers.Bureau)]
    public async Task<IActionResult> IssueCredential(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/organisations/{organisationId}/credentials")] HttpRequest request,
        string organisationId,
        CancellationToken cancellationToken)
    {
        string? label = null;
        if (request.ContentLength is > 0)
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            label = JsonFields.String(body.RootElement, "label");
        }

        var issued = await access.IssueAsync(organisationId, label, cancellationToken);
        return ApiResults.Created(issued, links.To($"manage/organisations/{organisationId}"));
    }

    [Function(nameof(RotateCredential))]
    [Access(Callers.Bureau)]
    public async Task<IActionResult> RotateCredential(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "manage/credentials/{credentialId}/rotate")] HttpRequest request,
        string credentialId,
        CancellationToken cancellationToken)
    {
        var issued = await access.RotateAsync(credentialId, cancellationToken);
        return ApiResults.Created(issued, links.To($"manage/organisations/{issued.OrganisationId}"));
    }

    [Function(nameof(RevokeCredential))]
    [Access(Callers.Bureau)]
    public async Task<IActionResult> RevokeCredential(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "manage/credentials/{credentialId}")] HttpRequest request,
        string credentialId,
        CancellationToken cancellationToken) =>
        ApiResults.Ok(View(await access.RevokeAsync(credentialId, cancellationToken)));

    private object View(Credential c) => new
    {
        c.CredentialId,
        c.OrganisationId,
        c.Label,
        c.CreatedAt,
        c.ExpiresAt,
        c.RevokedAt,
        Active = c.IsActive(time.GetUtcNow()),
    };
}
