using Liuhu.Core.Domain;
using Liuhu.Core.Storage;
using Liuhu.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Liuhu.Functions.Vacancies;

/// <summary>Reads the list filters from a query string; Chinese names and codes both work.</summary>
public static class VacancyQueries
{
    public static VacancyQuery Parse(IQueryCollection query, int defaultPageSize, int maxPageSize)
    {
        ArgumentNullException.ThrowIfNull(query);
        string? credit = null;
        VacancyStatus? status = null;
        if (query["employerCreditCode"].FirstOrDefault() is { Length: > 0 } e)
        {
            credit = CreditCode.Normalize(e);
            if (!CreditCode.IsValid(credit))
            {
                throw QueryParameters.Invalid("employerCreditCode", "统一社会信用代码不正确", $"'{e}' is not a valid unified social credit code.");
            }
        }

        if (query["status"].FirstOrDefault() is { Length: > 0 } s)
        {
            status = Enum.TryParse<VacancyStatus>(s, true, out var parsed) && !int.TryParse(s, out _)
                ? parsed
                : throw QueryParameters.Invalid("status", "status 应为 open、filled 或 withdrawn", "status must be open, filled or withdrawn.");
        }

        var pageSize = QueryParameters.Integer(query, "pageSize", defaultPageSize, 1, maxPageSize);
        return new VacancyQuery(QueryParameters.Cluster(query), QueryParameters.District(query), credit, status, pageSize, QueryParameters.Continuation(query))
        {
            Kind = QueryParameters.PostKind(query),
            EmployerTag = QueryParameters.EmployerTag(query),
        };
    }
}
