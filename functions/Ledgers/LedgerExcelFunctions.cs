using Liuhu.Core.Ingestion;
using Liuhu.Core.Ledgers;
using Liuhu.Core.Problems;
using Liuhu.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Liuhu.Functions.Ledgers;

/// <summary>Ledgers as Excel both ways: the template to fill in, and the rejected rows to fix and upload again.</summary>
public sealed class LedgerExcelFunctions(RejectedRowService rejects, IOptions<LedgerLimits> limits)
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Anyone may download a template: it holds only headers, public lists (clusters, districts,
    /// degrees) and the upload limits, which README and openapi.json already publish.</summary>
    [Function(nameof(GetLedgerTemplate))]
    [Access(Callers.Everyone)]
    public async Task<IActionResult> GetLedgerTemplate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ledger-templates/{kind}")] HttpRequest request,
        string kind,
        CancellationToken cancellationToken)
    {
        var schema = kind switch
        {
            "vacancy" => LedgerSchemas.Vacancy,
            "graduate" => LedgerSchemas.Graduate,
            "employment" => Core.Programme.EmploymentSchema.Columns,
            _ => throw new ProblemException(Problem.NotFound("ledger_template.not_found", "台账模板类型应为 vacancy（用工台账）、graduate（毕业生台账）或 employment（就业去向）",
                $"No ledger template '{kind}'; use 'vacancy', 'graduate' or 'employment'.")),
        };
        return new FileBodyResult(await LedgerTemplate.WriteAsync(schema, limits.Value, cancellationToken), XlsxType, $"liuhu-{kind}-ledger-template.xlsx");
    }

    /// <summary>Who may read the ledger (as GET /ledgers/{id}) may download its rejected rows; audited, since a
    /// graduate ledger's rows hold names and phone numbers.</summary>
    [Function(nameof(GetLedgerErrorWorkbook))]
    [Access(Callers.Employer | Callers.University | Callers.District, Audit = true)]
    public async Task<IActionResult> GetLedgerErrorWorkbook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ledgers/{ledgerId}/errors.xlsx")] HttpRequest request,
        string ledgerId,
        CancellationToken cancellationToken) =>
        new FileBodyResult(await rejects.WorkbookAsync(request.Caller(), ledgerId, cancellationToken), XlsxType, $"ledger-{ledgerId}-errors.xlsx");

    /// <summary>Daily at 19:30 UTC (03:30 Beijing): rejected rows past their retention are deleted.</summary>
    [Function(nameof(PurgeRejectedRows))]
    public Task PurgeRejectedRows([TimerTrigger("0 30 19 * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        rejects.PurgeExpiredAsync(cancellationToken);
}
