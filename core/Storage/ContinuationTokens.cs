using System.Buffers.Text;
using System.Text;

namespace Liuhu.Core.Storage;

/// <summary>Table continuation tokens made safe to pass in a URL, and opaque to clients.</summary>
public static class ContinuationTokens
{
    /// <summary>Table keys are at most 1 KiB each; their encoded forms stay well under this.</summary>
    public const int MaxDecodedLength = 4096;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string? Encode(string? token) =>
        token is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(token));

    /// <summary>Decodes a token this API handed out. Anything else, including valid base64 of junk, is refused
    /// here rather than sent to storage as continuation headers (where it would fail as a 500 or be ignored).</summary>
    public static bool TryDecode(string? encoded, out string? token)
    {
        token = null;
        if (string.IsNullOrEmpty(encoded))
        {
            return true;
        }

        string decoded;
        try
        {
            decoded = StrictUtf8.GetString(Base64Url.DecodeFromChars(encoded));
        }
        catch (FormatException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }

        if (!IsTableToken(decoded))
        {
            return false;
        }

        token = decoded;
        return true;
    }

    /// <summary>The Tables SDK's shape: "NextPartitionKey NextRowKey", each as the service sends it in its
    /// x-ms-continuation headers (Azure's "1!8!…" form or Azurite's base64), so only header-safe characters.</summary>
    public static bool IsTableToken(string decoded)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        if (decoded.Length is 0 or > MaxDecodedLength)
        {
            return false;
        }

        var space = decoded.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || space == decoded.Length - 1 || decoded.IndexOf(' ', space + 1) >= 0)
        {
            return false;
        }

        foreach (var c in decoded)
        {
            if (c != ' ' && !char.IsAsciiLetterOrDigit(c) && c is not ('+' or '/' or '=' or '!' or '*' or '-' or '_' or '.' or '~'))
            {
                return false;
            }
        }

        return true;
    }
}
