using System.Security.Cryptography;
using System.Text;
using Liuhu.Core.Graduates;
using Microsoft.Extensions.Options;

namespace Liuhu.Core.Access;

/// <summary>Keys for signing graduate tokens and sealing candidate handles, derived (HKDF-SHA256) from the
/// personal-data key, so that a deployment has one secret to keep in Key Vault, and each purpose its own key.
/// Rotating the personal-data key ends every token and handle issued before, which their short life allows.</summary>
public sealed class DerivedKeys(IOptions<PersonalDataOptions> options)
{
    public byte[] For(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Convert.FromBase64String(options.Value.EncryptionKey), 32, info: Encoding.UTF8.GetBytes("liuhu/" + purpose));
}
