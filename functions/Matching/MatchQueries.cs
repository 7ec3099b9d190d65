using Liuhu.Core.Domain;
using Liuhu.Core.Problems;
using Liuhu.Matching.Serving;
using Microsoft.AspNetCore.Http;

namespace Liuhu.Functions.Matching;

public static class MatchQueries
{
    public const int MaxTop = 100;

    public static MatchRequest Parse(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new MatchRequest(Top(query), Cluster(query), District(query), Personalized(query));
    }

    public static int Top(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var top = 20;
        if (query["top"].FirstOrDefault() is { Length: > 0 } t && (!int.TryParse(t, out top) || top < 1 || top > MaxTop))
        {
            throw Invalid("top", $"top 应为 1 到 {MaxTop} 之间的整数", $"top must be an integer from 1 to {MaxTop}.");
        }

        return top;
    }

    private static string? Cluster(IQueryCollection query) => query["cluster"].FirstOrDefault() is { Length: > 0 } c
        ? Clusters.TryParse(c, out var cluster) ? cluster.Code : throw Invalid("cluster", $"未知的产业集群“{c}”", $"Unknown cluster '{c}'.")
        : null;

    private static string? District(IQueryCollection query) => query["district"].FirstOrDefault() is { Length: > 0 } d
        ? Districts.TryParse(d, out var district) ? district.Code : throw Invalid("district", $"未知的旗县区“{d}”", $"Unknown district '{d}'.")
        : null;

    private static bool Personalized(IQueryCollection query) => query["personalized"].FirstOrDefault() switch
    {
        null or "" or "true" or "1" => true,
        "false" or "0" => false,
        var other => throw Invalid("personalized", "personalized 应为 true 或 false", $"personalized must be true or false, not '{other}'."),
    };

    private static ProblemException Invalid(string parameter, string title, string detail) =>
        new(Problem.BadRequest("query.invalid", title, detail) with { Errors = [new RowIssue(null, parameter, "query.invalid", title)] });
}
