using Liuhu.Core.Domain;
using Liuhu.Core.Problems;
using Liuhu.Core.Storage;
using Microsoft.AspNetCore.Http;

namespace Liuhu.Functions.Vacancies;

/// <summary>Reads the list filters from a query string; Chinese names and codes both work.</summary>
public static class VacancyQueries
{
    public static VacancyQuery Parse(IQueryCollection query, int defaultPageSize, int maxPageSize)
    {
        ArgumentNullException.ThrowIfNull(query);
        string? cluster = null, district = null, credit = null;
        VacancyStatus? status = null;
        if (query["cluster"].FirstOrDefault() is { Length: > 0 } c)
        {
            cluster = Clusters.TryParse(c, out var parsed) ? parsed.Code : throw Invalid("cluster", $"未知的产业集群“{c}”", $"Unknown cluster '{c}'.");
        }

        if (query["district"].FirstOrDefault() is { Length: > 0 } d)
        {
            district = Districts.TryParse(d, out var parsed) ? parsed.Code : throw Invalid("district", $"未知的旗县区“{d}”", $"Unknown district '{d}'.");
        }

        if (query["employerCreditCode"].FirstOrDefault() is { Length: > 0 } e)
        {
            credit = CreditCode.Normalize(e);
            if (!CreditCode.IsValid(credit))
            {
                throw Invalid("employerCreditCode", "统一社会信用代码不正确", $"'{e}' is not a valid unified social credit code.");
            }
        }

        if (query["status"].FirstOrDefault() is { Length: > 0 } s)
        {
            status = Enum.TryParse<VacancyStatus>(s, true, out var parsed) && !int.TryParse(s, out _)
                ? parsed
                : throw Invalid("status", "status 应为 open、filled 或 withdrawn", "status must be open, filled or withdrawn.");
        }

        var pageSize = defaultPageSize;
        if (query["pageSize"].FirstOrDefault() is { Length: > 0 } p && (!int.TryParse(p, out pageSize) || pageSize < 1 || pageSize > maxPageSize))
        {
            throw Invalid("pageSize", $"pageSize 应为 1 到 {maxPageSize} 之间的整数", $"pageSize must be an integer from 1 to {maxPageSize}.");
        }

        if (!ContinuationTokens.TryDecode(query["continuationToken"].FirstOrDefault(), out var token))
        {
            throw Invalid("continuationToken", "continuationToken 无效，请使用上一页返回的值", "continuationToken is not one this API returned.");
        }

        return new VacancyQuery(cluster, district, credit, status, pageSize, token);
    }

    private static ProblemException Invalid(string parameter, string title, string detail) =>
        new(Problem.BadRequest("query.invalid", title, detail) with { Errors = [new RowIssue(null, parameter, "query.invalid", title)] });
}
