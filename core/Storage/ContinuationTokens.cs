using System.Buffers.Text;
using System.Text;

namespace Liuhu.Core.Storage;

/// <summary>Table continuation tokens made safe to pass in a URL, and opaque to clients.</summary>
public static class ContinuationTokens
{
    public static string? Encode(string? token) =>
        token is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(token));

    public static bool TryDecode(string? encoded, out string? token)
    {
        token = null;
        if (string.IsNullOrEmpty(encoded))
        {
            return true;
        }

        try
        {
            token = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(encoded));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
