using System.Globalization;
using Liuhu.Core.Fairs;
using Liuhu.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Liuhu.Functions.Fairs;

/// <summary>The calendar's query string: from, to (yyyy-MM-dd), district, kind, pageSize, continuationToken.</summary>
public sealed record FairQuery(DateOnly? From, DateOnly? To, string? District, FairKind? Kind, int Offset, int PageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 100;

    public static FairQuery Parse(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        FairKind? kind = null;
        if (query["kind"].FirstOrDefault() is { Length: > 0 } k)
        {
            kind = FairKinds.TryParse(k, out var parsed) ? parsed : throw QueryParameters.Invalid("kind", "kind 应为 special（专场）、campus（校园）或 online（线上）", "kind must be special, campus or online.");
        }

        var offset = 0;
        if (query["continuationToken"].FirstOrDefault() is { Length: > 0 } token && !TryDecode(token, out offset))
        {
            throw QueryParameters.Invalid("continuationToken", "continuationToken 无效，请使用上一页返回的值", "continuationToken is not one this API returned.");
        }

        return new FairQuery(Date(query, "from"), Date(query, "to"), QueryParameters.District(query), kind, offset,
            QueryParameters.PageSize(query, DefaultPageSize, MaxPageSize));
    }

    /// <summary>The calendar is sorted by date in memory, so its token is the next item's position ("o:100"), opaque
    /// to clients as base64url like the table tokens.</summary>
    public static string? NextToken(int? offset) => offset is { } o ? System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes($"o:{o.ToString(CultureInfo.InvariantCulture)}")) : null;

    private static bool TryDecode(string token, out int offset)
    {
        offset = 0;
        if (token.Length > 32)
        {
            return false;
        }

        try
        {
            var text = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token));
            return text.StartsWith("o:", StringComparison.Ordinal) && int.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out offset);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static DateOnly? Date(IQueryCollection query, string name) =>
        query[name].FirstOrDefault() is { Length: > 0 } text
            ? DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date
                : throw QueryParameters.Invalid(name, $"{name} 应为 yyyy-MM-dd 格式的日期", $"{name} must be a date as yyyy-MM-dd.")
            : null;
}
