using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Liuhu.Core.Problems;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Liuhu.Core.Access;

/// <summary>A credential as issued: the only time its secret is seen.</summary>
public sealed record IssuedCredential(string CredentialId, string OrganisationId, string ApiKey, string Header, DateTimeOffset CreatedAt);

/// <summary>Registers organisations, issues, rotates and revokes their credentials, and authenticates API keys.
/// Log lines and audit records name credentials by id only.</summary>
public sealed class AccessService(TableAccessStore store, IOptions<AccessOptions> options, TimeProvider time, ILogger<AccessService> logger)
{
    public const string BootstrapCredentialId = "bootstrap";
    private const int MaxCached = 10_000;
    private readonly ConcurrentDictionary<string, (Credential Credential, DateTimeOffset CheckedAt)> cache = new(StringComparer.Ordinal);
    private readonly byte[]? bootstrapHash = options.Value.BootstrapBureauKey is { Length: > 0 } key ? SHA256.HashData(Encoding.UTF8.GetBytes(key)) : null;

    public async Task<Organisation> RegisterAsync(OrganisationKind kind, string? code, string? name, CancellationToken cancellationToken)
    {
        code = kind == OrganisationKind.Employer ? Domain.CreditCode.Normalize(code) : code?.Trim();
        if (OrganisationCodes.Invalid(kind, code) is { } why)
        {
            throw new ProblemException(Problem.BadRequest("organisation.code_invalid", why.Chinese, why.English));
        }

        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            throw new ProblemException(Problem.BadRequest("organisation.name_invalid", "机构名称必填，最多 200 字", "name is required (at most 200 characters)."));
        }

        var (organisation, created) = await store.AddOrganisationAsync(
            new Organisation(OrganisationCodes.IdOf(kind, code!), kind, code!, name.Trim(), time.GetUtcNow()), cancellationToken);
        if (created)
        {
            logger.LogInformation("Organisation {OrganisationId} registered", organisation.OrganisationId);
        }

        return organisation;
    }

    public async Task<Organisation> GetOrganisationAsync(string organisationId, CancellationToken cancellationToken)
    {
        var separator = organisationId.IndexOf('-', StringComparison.Ordinal);
        var kind = separator > 0 ? TableAccessStore.ParseKind(organisationId[..separator]) : null;
        return (kind is null ? null : await store.GetOrganisationAsync(kind.Value, organisationId[(separator + 1)..], cancellationToken))
            ?? throw new ProblemException(Problem.NotFound("organisation.not_found", "未找到该机构", $"No organisation '{organisationId}'."));
    }

    public async Task<IReadOnlyList<Organisation>> ListAsync(OrganisationKind? kind, CancellationToken cancellationToken)
    {
        var list = new List<Organisation>();
        await foreach (var organisation in store.ListOrganisationsAsync(kind, cancellationToken))
        {
            list.Add(organisation);
        }

        return list;
    }

    public async Task<IssuedCredential> IssueAsync(string organisationId, string? label, CancellationToken cancellationToken)
    {
        var organisation = await GetOrganisationAsync(organisationId, cancellationToken);
        if (label is { Length: > 100 })
        {
            throw new ProblemException(Problem.BadRequest("credential.label_invalid", "凭据备注最多 100 字", "label is at most 100 characters."));
        }

        var secret = ApiKeys.NewSecret();
        var credential = new Credential(ApiKeys.NewCredentialId(), organisation.OrganisationId, organisation.Kind, organisation.Code, ApiKeys.Hash(secret), label,
            time.GetUtcNow(), null, null);
        await store.AddCredentialAsync(credential, cancellationToken);
        logger.LogInformation("Credential {CredentialId} issued to {OrganisationId}", credential.CredentialId, organisation.OrganisationId);
        return new IssuedCredential(credential.CredentialId, organisation.OrganisationId, ApiKeys.Format(credential.CredentialId, secret), ApiKeys.Header, credential.CreatedAt);
    }

    public async Task<IReadOnlyList<Credential>> ListCredentialsAsync(string organisationId, CancellationToken cancellationToken)
    {
        var organisation = await GetOrganisationAsync(organisationId, cancellationToken);
        var list = new List<Credential>();
        await foreach (var credential in store.ListCredentialsAsync(organisation.OrganisationId, cancellationToken))
        {
            list.Add(credential);
        }

        return list.OrderByDescending(c => c.CreatedAt).ToList();
    }

    /// <summary>A new secret for the same organisation; the old one keeps working for the configured overlap.</summary>
    public async Task<IssuedCredential> RotateAsync(string credentialId, CancellationToken cancellationToken)
    {
        var old = await ActiveCredentialAsync(credentialId, cancellationToken);
        var issued = await IssueAsync(old.OrganisationId, old.Label, cancellationToken);
        var overlapEnds = time.GetUtcNow().AddMinutes(options.Value.RotationOverlapMinutes);
        await store.SaveCredentialAsync(old with { ExpiresAt = old.ExpiresAt is { } e && e < overlapEnds ? e : overlapEnds }, cancellationToken);
        cache.TryRemove(credentialId, out _);
        logger.LogInformation("Credential {CredentialId} rotated to {NewCredentialId}", credentialId, issued.CredentialId);
        return issued;
    }

    public async Task<Credential> RevokeAsync(string credentialId, CancellationToken cancellationToken)
    {
        var credential = await store.GetCredentialAsync(credentialId, cancellationToken) ?? throw CredentialNotFound(credentialId);
        var revoked = credential with { RevokedAt = credential.RevokedAt ?? time.GetUtcNow() };
        await store.SaveCredentialAsync(revoked, cancellationToken);
        cache.TryRemove(credentialId, out _);
        logger.LogInformation("Credential {CredentialId} revoked", credentialId);
        return revoked;
    }

    /// <summary>The caller an API key stands for, or null when the key is unknown, wrong, revoked or expired.</summary>
    public async Task<Caller?> AuthenticateAsync(string apiKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        if (bootstrapHash is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)), bootstrapHash))
        {
            return new Caller(OrganisationCodes.IdOf(OrganisationKind.Bureau, BootstrapCredentialId), OrganisationKind.Bureau, BootstrapCredentialId, BootstrapCredentialId);
        }

        if (!ApiKeys.TryParse(apiKey, out var credentialId, out var secret))
        {
            return null;
        }

        var now = time.GetUtcNow();
        Credential? credential;
        if (cache.TryGetValue(credentialId, out var cached) && now - cached.CheckedAt < TimeSpan.FromSeconds(options.Value.CredentialCacheSeconds))
        {
            credential = cached.Credential;
        }
        else
        {
            credential = await store.GetCredentialAsync(credentialId, cancellationToken);
            if (credential is not null && options.Value.CredentialCacheSeconds > 0)
            {
                if (cache.Count >= MaxCached)
                {
                    cache.Clear();
                }

                cache[credentialId] = (credential, now);
            }
        }

        if (credential is null || !ApiKeys.Matches(secret, credential.SecretHash) || !credential.IsActive(now))
        {
            return null;
        }

        return new Caller(credential.OrganisationId, credential.Kind, credential.Tenant, credential.CredentialId);
    }

    private async Task<Credential> ActiveCredentialAsync(string credentialId, CancellationToken cancellationToken)
    {
        var credential = await store.GetCredentialAsync(credentialId, cancellationToken) ?? throw CredentialNotFound(credentialId);
        return credential.IsActive(time.GetUtcNow())
            ? credential
            : throw new ProblemException(new Problem(409, "credential.inactive", "该凭据已吊销或过期，无法轮换；请签发新凭据", "The credential is revoked or expired; issue a new one instead."));
    }

    private static ProblemException CredentialNotFound(string credentialId) =>
        new(Problem.NotFound("credential.not_found", "未找到该凭据", $"No credential '{credentialId}'."));
}
