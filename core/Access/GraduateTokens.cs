using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Liuhu.Core.Access;

public sealed record GraduateToken(string Token, string GraduateId, DateTimeOffset ExpiresAt);

/// <summary>Short-lived tokens the app signs for the public site, one per graduate who has signed in there: the
/// site's credential alone cannot match a stored graduate, and a token names one graduate and one site.</summary>
public sealed class GraduateTokens(DerivedKeys keys, IOptions<AccessOptions> options, TimeProvider time)
{
    public const string Header = "X-Graduate-Token";
    private readonly byte[] key = keys.For("graduate-token");

    /// <summary>A token for a graduate who signed in on the site; the id must be a namespaced graduate id.</summary>
    public GraduateToken Issue(string? graduateId, string siteOrganisationId)
    {
        graduateId = Graduates.GraduateIds.EnsureNamespaced(graduateId);
        var expires = time.GetUtcNow().AddMinutes(options.Value.GraduateTokenMinutes);
        var payload = string.Join('\n', graduateId, siteOrganisationId, expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        var payloadBytes = Encoding.UTF8.GetBytes(payload);
        var token = Base64Url.EncodeToString(payloadBytes) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(key, payloadBytes));
        return new GraduateToken(token, graduateId, DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }

    /// <summary>The graduate the token names, when it is genuine, unexpired and was issued to this site; else null.</summary>
    public string? Verify(string? token, string siteOrganisationId)
    {
        if (token is null || token.Length > 1024 || token.Split('.') is not [var payloadText, var signatureText])
        {
            return null;
        }

        if (ApiKeys.DecodeOrNull(payloadText) is not { } payload || ApiKeys.DecodeOrNull(signatureText) is not { } signature
            || !CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, payload), signature))
        {
            return null;
        }

        if (Encoding.UTF8.GetString(payload).Split('\n') is not [var graduateId, var site, var expiresText]
            || !string.Equals(site, siteOrganisationId, StringComparison.Ordinal)
            || !long.TryParse(expiresText, CultureInfo.InvariantCulture, out var expires)
            || time.GetUtcNow().ToUnixTimeSeconds() >= expires)
        {
            return null;
        }

        return graduateId;
    }
}
