using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Liuhu.Core.Storage;

namespace Liuhu.Core.Access;

/// <summary>A credential as stored: its id, whose it is, the hash of its secret, and when it stops working.</summary>
public sealed record Credential(
    string CredentialId, string OrganisationId, OrganisationKind Kind, string Tenant, string SecretHash, string? Label,
    DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt)
{
    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}

/// <summary>Organisations (partition = kind, row = code) and credentials (partition = credential id, a point
/// read on every authentication). Secrets are never stored, only their hashes.</summary>
public sealed class TableAccessStore(StorageClients clients)
{
    private readonly TableClient organisations = clients.Table(StorageNames.OrganisationsTable);
    private readonly TableClient credentials = clients.Table(StorageNames.CredentialsTable);

    /// <summary>Adds the organisation, or returns the one already registered under that kind and code.</summary>
    public async Task<(Organisation Organisation, bool Created)> AddOrganisationAsync(Organisation organisation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        var entity = new TableEntity(OrganisationCodes.KindName(organisation.Kind), organisation.Code)
        {
            ["Name"] = organisation.Name,
            ["CreatedAt"] = organisation.CreatedAt,
        };
        TableLimits.EnsureWithinLimits(entity);
        try
        {
            await organisations.AddEntityAsync(entity, cancellationToken);
            return (organisation, true);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return (await GetOrganisationAsync(organisation.Kind, organisation.Code, cancellationToken) ?? organisation, false);
        }
    }

    public async Task<Organisation?> GetOrganisationAsync(OrganisationKind kind, string code, CancellationToken cancellationToken)
    {
        if (!TableLimits.IsValidKey(code))
        {
            return null;
        }

        var response = await organisations.GetEntityIfExistsAsync<TableEntity>(OrganisationCodes.KindName(kind), code, cancellationToken: cancellationToken);
        return response.HasValue ? ToOrganisation(response.Value!) : null;
    }

    public async IAsyncEnumerable<Organisation> ListOrganisationsAsync(OrganisationKind? kind, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = kind is { } k ? TableClient.CreateQueryFilter($"PartitionKey eq {OrganisationCodes.KindName(k)}") : null;
        await foreach (var e in organisations.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (ToOrganisation(e) is { } organisation)
            {
                yield return organisation;
            }
        }
    }

    public async Task AddCredentialAsync(Credential credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credential);
        await credentials.AddEntityAsync(ToEntity(credential), cancellationToken);
    }

    public async Task SaveCredentialAsync(Credential credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credential);
        await credentials.UpsertEntityAsync(ToEntity(credential), TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<Credential?> GetCredentialAsync(string credentialId, CancellationToken cancellationToken)
    {
        if (!TableLimits.IsValidKey(credentialId))
        {
            return null;
        }

        var response = await credentials.GetEntityIfExistsAsync<TableEntity>(credentialId, "c", cancellationToken: cancellationToken);
        return response.HasValue ? ToCredential(response.Value!) : null;
    }

    public async IAsyncEnumerable<Credential> ListCredentialsAsync(string organisationId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in credentials.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"OrganisationId eq {organisationId}"), cancellationToken: cancellationToken))
        {
            if (ToCredential(e) is { } credential)
            {
                yield return credential;
            }
        }
    }

    private static TableEntity ToEntity(Credential c)
    {
        var e = new TableEntity(c.CredentialId, "c")
        {
            ["OrganisationId"] = c.OrganisationId,
            ["Kind"] = OrganisationCodes.KindName(c.Kind),
            ["Tenant"] = c.Tenant,
            ["SecretHash"] = c.SecretHash,
            ["Label"] = c.Label,
            ["CreatedAt"] = c.CreatedAt,
            ["ExpiresAt"] = c.ExpiresAt,
            ["RevokedAt"] = c.RevokedAt,
        };
        TableLimits.EnsureWithinLimits(e.WithoutNulls());
        return e;
    }

    private static Credential? ToCredential(TableEntity e) =>
        ParseKind(e.GetString("Kind")) is { } kind
            ? new Credential(e.PartitionKey, e.GetString("OrganisationId") ?? string.Empty, kind, e.GetString("Tenant") ?? string.Empty, e.GetString("SecretHash") ?? string.Empty,
                e.GetString("Label"), e.GetDateTimeOffset("CreatedAt") ?? default, e.GetDateTimeOffset("ExpiresAt"), e.GetDateTimeOffset("RevokedAt"))
            : null;

    private static Organisation? ToOrganisation(TableEntity e) =>
        ParseKind(e.PartitionKey) is { } kind
            ? new Organisation(OrganisationCodes.IdOf(kind, e.RowKey), kind, e.RowKey, e.GetString("Name") ?? string.Empty, e.GetDateTimeOffset("CreatedAt") ?? default)
            : null;

    public static OrganisationKind? ParseKind(string? name) => name switch
    {
        "employer" => OrganisationKind.Employer,
        "university" => OrganisationKind.University,
        "district" => OrganisationKind.District,
        "bureau" => OrganisationKind.Bureau,
        "site" => OrganisationKind.Site,
        _ => null,
    };
}
