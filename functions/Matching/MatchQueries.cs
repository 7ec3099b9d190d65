using Liuhu.Functions.Http;
using Liuhu.Matching.Serving;
using Microsoft.AspNetCore.Http;

namespace Liuhu.Functions.Matching;

public static class MatchQueries
{
    public const int MaxTop = 100;

    public static MatchRequest Parse(IQueryCollection query) =>
        new(Top(query), QueryParameters.Cluster(query), QueryParameters.District(query), Personalized(query))
        {
            Kind = QueryParameters.PostKind(query),
            EmployerTag = QueryParameters.EmployerTag(query),
        };

    public static int Top(IQueryCollection query) => QueryParameters.Integer(query, "top", 20, 1, MaxTop);

    private static bool Personalized(IQueryCollection query) => query["personalized"].FirstOrDefault() switch
    {
        null or "" or "true" or "1" => true,
        "false" or "0" => false,
        var other => throw QueryParameters.Invalid("personalized", "personalized 应为 true 或 false", $"personalized must be true or false, not '{other}'."),
    };
}
