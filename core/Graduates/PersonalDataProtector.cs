using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Liuhu.Core.Graduates;

/// <summary>The key that encrypts graduates' personal data at rest (AES-256-GCM). <see cref="KeyId"/> is
/// stored with every value so that a key can be rotated: add the new key, keep the old one in
/// <see cref="PreviousKeys"/> until every profile has been rewritten.</summary>
public sealed class PersonalDataOptions
{
    public const string SectionName = "PersonalData";

    /// <summary>Base64 of 32 random bytes.</summary>
    [Required]
    public string EncryptionKey { get; set; } = string.Empty;

    [Required]
    [RegularExpression("^[A-Za-z0-9]{1,16}$")]
    public string KeyId { get; set; } = "k1";

    /// <summary>Older keys by id, for reading values written before a rotation.</summary>
    public Dictionary<string, string> PreviousKeys { get; init; } = [];
}

public interface IPersonalDataProtector
{
    string? Protect(string? plaintext);

    string? Unprotect(string? protectedValue);
}

public sealed class PersonalDataProtector : IPersonalDataProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly string keyId;
    private readonly Dictionary<string, byte[]> keys = new(StringComparer.Ordinal);

    public PersonalDataProtector(IOptions<PersonalDataOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        keyId = options.Value.KeyId;
        keys[keyId] = DecodeKey(options.Value.EncryptionKey);
        foreach (var (id, key) in options.Value.PreviousKeys)
        {
            keys.TryAdd(id, DecodeKey(key));
        }
    }

    public static bool IsValidKey(string? base64)
    {
        try
        {
            return base64 is not null && Convert.FromBase64String(base64).Length == 32;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public string? Protect(string? plaintext)
    {
        if (plaintext is null)
        {
            return null;
        }

        var data = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + TagSize + data.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(keys[keyId], TagSize);
        aes.Encrypt(nonce, data, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), Encoding.ASCII.GetBytes(keyId));
        return keyId + ":" + Convert.ToBase64String(output);
    }

    public string? Unprotect(string? protectedValue)
    {
        if (protectedValue is null)
        {
            return null;
        }

        var separator = protectedValue.IndexOf(':', StringComparison.Ordinal);
        var id = protectedValue[..separator];
        if (!keys.TryGetValue(id, out var key))
        {
            throw new CryptographicException($"No key with id '{id}' is configured.");
        }

        var input = Convert.FromBase64String(protectedValue[(separator + 1)..]);
        var output = new byte[input.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(input.AsSpan(0, NonceSize), input.AsSpan(NonceSize + TagSize), input.AsSpan(NonceSize, TagSize), output, Encoding.ASCII.GetBytes(id));
        return Encoding.UTF8.GetString(output);
    }

    private static byte[] DecodeKey(string base64) =>
        IsValidKey(base64) ? Convert.FromBase64String(base64) : throw new OptionsValidationException(
            PersonalDataOptions.SectionName, typeof(PersonalDataOptions), ["PersonalData:EncryptionKey must be base64 of 32 bytes."]);
}
