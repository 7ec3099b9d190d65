using Liuhu.Core.Domain;
using Liuhu.Core.Problems;
using Microsoft.AspNetCore.Http;

namespace Liuhu.Functions.Http;

/// <summary>Query parameters several endpoints share, read the same way and refused with the same problem.</summary>
public static class QueryParameters
{
    public static string? Cluster(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query["cluster"].FirstOrDefault() is { Length: > 0 } c
            ? Clusters.TryParse(c, out var cluster) ? cluster.Code : throw Invalid("cluster", $"未知的产业集群“{c}”", $"Unknown cluster '{c}'.")
            : null;
    }

    public static string? District(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query["district"].FirstOrDefault() is { Length: > 0 } d
            ? Districts.TryParse(d, out var district) ? district.Code : throw Invalid("district", $"未知的旗县区“{d}”", $"Unknown district '{d}'.")
            : null;
    }

    /// <summary>岗位类别 by code or Chinese name (kind=internship, kind=见习).</summary>
    public static PostKind? PostKind(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query["kind"].FirstOrDefault() is { Length: > 0 } k
            ? PostKinds.TryParse(k, out var kind) ? kind : throw Invalid("kind", $"未知的岗位类别“{Clip(k)}”，应为 {string.Join("、", PostKinds.Values.Select(PostKinds.Code))} 之一",
                $"Unknown post kind '{Clip(k)}'; use one of {string.Join(", ", PostKinds.Values.Select(PostKinds.Code))}.")
            : null;
    }

    /// <summary>企业标签 by code or Chinese name (employerTag=chain_leader, employerTag=链主企业).</summary>
    public static EmployerTag? EmployerTag(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query["employerTag"].FirstOrDefault() is { Length: > 0 } t
            ? EmployerTags.TryParse(t, out var tag) ? tag : throw Invalid("employerTag", $"未知的企业标签“{Clip(t)}”，应为 {EmployerTags.NameList} 之一",
                $"Unknown employer tag '{Clip(t)}'; use one of {string.Join(", ", EmployerTags.Values.Select(EmployerTags.Code))}.")
            : null;
    }

    public static int Integer(IQueryCollection query, string name, int fallback, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(query);
        var value = fallback;
        if (query[name].FirstOrDefault() is { Length: > 0 } text && (!int.TryParse(text, out value) || value < min || value > max))
        {
            throw Invalid(name, $"{name} 应为 {min} 到 {max} 之间的整数", $"{name} must be an integer from {min} to {max}.");
        }

        return value;
    }

    public static int PageSize(IQueryCollection query, int fallback, int max) => Integer(query, "pageSize", fallback, 1, max);

    /// <summary>The decoded continuation token, or null for the first page.</summary>
    public static string? Continuation(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Core.Storage.ContinuationTokens.TryDecode(query["continuationToken"].FirstOrDefault(), out var token)
            ? token
            : throw Invalid("continuationToken", "continuationToken 无效，请使用上一页返回的值", "continuationToken is not one this API returned.");
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";

    public static ProblemException Invalid(string parameter, string title, string detail) =>
        new(Problem.BadRequest("query.invalid", title, detail) with { Errors = [new RowIssue(null, parameter, "query.invalid", title)] });
}
