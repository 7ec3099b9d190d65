using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Liuhu.Core.Access;

/// <summary>The shape of an API key: <c>lh_{credentialId}_{secret}</c>. The credential id is public (logs and
/// audit name it); the secret is 256 random bits, shown once and stored only as its SHA-256. A fast hash is
/// enough for a secret of that entropy (nothing to brute-force); a password would need a slow one.</summary>
public static class ApiKeys
{
    public const string Header = "X-Api-Key";
    private const string Prefix = "lh_";
    private const string IdAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public static string NewCredentialId() => "c" + RandomNumberGenerator.GetString(IdAlphabet, 15);

    public static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Format(string credentialId, string secret) => $"{Prefix}{credentialId}_{secret}";

    public static bool TryParse(string? key, out string credentialId, out string secret)
    {
        credentialId = secret = string.Empty;
        if (key is null || key.Length > 128 || !key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var separator = key.IndexOf('_', Prefix.Length);
        if (separator < 0)
        {
            return false;
        }

        credentialId = key[Prefix.Length..separator];
        secret = key[(separator + 1)..];
        return credentialId.Length is > 0 and <= 32 && credentialId.All(char.IsAsciiLetterOrDigit) && secret.Length > 0;
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Compares in constant time, so the time taken says nothing about how much of a guess was right.</summary>
    public static bool Matches(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));

    /// <summary>The bytes of a base64url text a caller sent, or null when it is not base64url.</summary>
    public static byte[]? DecodeOrNull(string text)
    {
        try
        {
            return Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
