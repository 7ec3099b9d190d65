using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Liuhu.Core.Access;

/// <summary>What an employer sees instead of a graduate id: an opaque handle, the same for one employer and one
/// graduate (so it can report outcomes and recognise a candidate again) and different for every other employer,
/// so handles cannot be joined across employers. Only the app can open one (AES-GCM with a nonce derived from
/// the pair, sealed to the employer), and nothing is stored: after an erasure a handle opens to an id that no
/// longer exists.</summary>
public sealed class CandidateHandles(DerivedKeys keys)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] nonceKey = keys.For("candidate-handle-nonce");
    private readonly byte[] sealKey = keys.For("candidate-handle-seal");

    public string Seal(string graduateId, string viewerTenant)
    {
        var plain = Encoding.UTF8.GetBytes(graduateId);
        var output = new byte[NonceSize + TagSize + plain.Length];
        HMACSHA256.HashData(nonceKey, Encoding.UTF8.GetBytes(viewerTenant + "\n" + graduateId)).AsSpan(0, NonceSize).CopyTo(output);
        using var aes = new AesGcm(sealKey, TagSize);
        aes.Encrypt(output.AsSpan(0, NonceSize), plain, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(viewerTenant));
        return "h" + Base64Url.EncodeToString(output);
    }

    /// <summary>The graduate id behind a handle this viewer was given; null for anything else.</summary>
    public string? Open(string? handle, string viewerTenant)
    {
        if (handle is not { Length: > 1 and < 400 } || handle[0] != 'h' || ApiKeys.DecodeOrNull(handle[1..]) is not { Length: > NonceSize + TagSize } input)
        {
            return null;
        }

        var plain = new byte[input.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(sealKey, TagSize);
            aes.Decrypt(input.AsSpan(0, NonceSize), input.AsSpan(NonceSize + TagSize), input.AsSpan(NonceSize, TagSize), plain, Encoding.UTF8.GetBytes(viewerTenant));
            return Encoding.UTF8.GetString(plain);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }
}
