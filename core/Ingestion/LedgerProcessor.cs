using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Core.Ledgers;
using Liuhu.Core.Problems;
using Liuhu.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Liuhu.Core.Ingestion;

/// <summary>Processes a queued ledger. Queue delivery is at-least-once, so every step is idempotent: rows are
/// keyed by stable ids and replaced, the report and status are overwritten, and a ledger already finished
/// is left alone.</summary>
public sealed class LedgerProcessor(
    ILedgerStore ledgers,
    IVacancyStore vacancies,
    IGraduateStore graduates,
    RejectedRowService rejects,
    TimeProvider time,
    IOptions<LedgerLimits> limits,
    Telemetry.LiuhuMetrics metrics,
    ILogger<LedgerProcessor> logger)
{
    public async Task ProcessAsync(LedgerMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var activity = Telemetry.LiuhuMetrics.Activities.StartActivity("ProcessLedger");
        activity?.SetTag("liuhu.ledger.id", message.LedgerId);
        var status = await ledgers.GetStatusAsync(message.LedgerId, cancellationToken);
        if (status is null)
        {
            logger.LogWarning("Ledger {LedgerId} has no status record; message ignored", message.LedgerId);
            return;
        }

        if (status.State is LedgerState.Completed or LedgerState.Failed)
        {
            logger.LogInformation("Ledger {LedgerId} already {State}; duplicate delivery ignored", status.LedgerId, status.State);
            return;
        }

        status = status with { State = LedgerState.Processing, Attempts = status.Attempts + 1, UpdatedAt = time.GetUtcNow() };
        await ledgers.SaveStatusAsync(status, cancellationToken);

        var content = await ledgers.GetUploadAsync(status.LedgerId, cancellationToken);
        if (content is null)
        {
            await FailAsync(status, new Problem(410, "file.missing", "上传的文件已不存在，请重新上传", "The uploaded file is no longer stored; upload it again."), cancellationToken);
            return;
        }

        LedgerSheet sheet;
        try
        {
            var kind = status.Kind == LedgerKind.Vacancy ? LedgerSchemas.Vacancy : LedgerSchemas.Graduate;
            sheet = LedgerSheet.Locate(LedgerReader.Read(content.ToMemory().Span, limits.Value), kind);
        }
        catch (ProblemException ex)
        {
            await FailAsync(status, ex.Problem, cancellationToken);
            return;
        }

        var (accepted, report) = status.Kind == LedgerKind.Vacancy
            ? await StoreVacanciesAsync(sheet, status, cancellationToken)
            : await StoreGraduatesAsync(sheet, status, cancellationToken);

        await ledgers.SaveReportAsync(status.LedgerId, report, cancellationToken);
        await rejects.RecordAsync(status, sheet, report.Errors, cancellationToken);
        var rejected = report.Errors.Select(e => e.Row).Distinct().Count();
        status = status with
        {
            State = LedgerState.Completed,
            RowsTotal = sheet.Rows.Count,
            RowsAccepted = accepted,
            RowsRejected = rejected,
            UpdatedAt = time.GetUtcNow(),
        };
        await ledgers.SaveStatusAsync(status, cancellationToken);

        if (status.Kind == LedgerKind.Graduate)
        {
            // The file holds names and phone numbers; once its rows are stored (encrypted) it is not kept.
            await ledgers.DeleteUploadAsync(status.LedgerId, cancellationToken);
        }

        var kindTag = new KeyValuePair<string, object?>("kind", status.Kind.ToString());
        metrics.LedgersIngested.Add(1, kindTag, new KeyValuePair<string, object?>("state", "completed"));
        metrics.RowsAccepted.Add(accepted, kindTag);
        metrics.RowsRejected.Add(rejected, kindTag);
        logger.LogInformation("Ledger {LedgerId} completed: {Accepted} rows stored, {Rejected} rejected, {Warnings} warnings",
            status.LedgerId, accepted, rejected, report.Warnings.Count);
    }

    private async Task<(int Accepted, LedgerReport Report)> StoreVacanciesAsync(LedgerSheet sheet, LedgerStatus status, CancellationToken cancellationToken)
    {
        var ledgerId = status.LedgerId;
        var now = time.GetUtcNow();
        var errors = new List<RowIssue>();
        var warnings = new List<RowIssue>(sheet.Warnings);
        var firstRowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var accepted = new List<Vacancy>();
        foreach (var row in sheet.Rows)
        {
            var outcome = VacancyRowValidator.Validate(sheet, row, ledgerId, now);
            warnings.AddRange(outcome.Warnings);
            if (outcome.Value is not { } vacancy)
            {
                errors.AddRange(outcome.Errors);
                continue;
            }

            if (NotInScope(status, vacancy) is { } scopeError)
            {
                errors.Add(sheet.Issue(row, scopeError.Column, scopeError.Code, scopeError.Message));
                continue;
            }

            if (!firstRowOf.TryAdd(vacancy.VacancyId, row.Number))
            {
                var column = vacancy.PostCode is null ? "title" : "postCode";
                errors.Add(sheet.Issue(row, column, "row.duplicate",
                    $"与第 {firstRowOf[vacancy.VacancyId]} 行是同一岗位（同一企业的{(vacancy.PostCode is null ? "岗位名称和工作地点" : "岗位编号")}相同），请合并为一行"));
                continue;
            }

            accepted.Add(vacancy);
        }

        await vacancies.UpsertFromLedgerAsync(accepted, cancellationToken);
        return (accepted.Count, new LedgerReport(errors, warnings));
    }

    private async Task<(int Accepted, LedgerReport Report)> StoreGraduatesAsync(LedgerSheet sheet, LedgerStatus status, CancellationToken cancellationToken)
    {
        var ledgerId = status.LedgerId;
        var now = time.GetUtcNow();
        var errors = new List<RowIssue>();
        var warnings = new List<RowIssue>(sheet.Warnings);
        var firstRowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var accepted = new List<GraduateProfile>();
        foreach (var row in sheet.Rows)
        {
            var outcome = GraduateRowValidator.Validate(sheet, row, ledgerId, now);
            warnings.AddRange(outcome.Warnings);
            if (outcome.Value is not { } graduate)
            {
                errors.AddRange(outcome.Errors);
                continue;
            }

            if (!firstRowOf.TryAdd(graduate.GraduateId, row.Number))
            {
                errors.Add(sheet.Issue(row, "graduateId", "row.duplicate", $"学号/编号与第 {firstRowOf[graduate.GraduateId]} 行重复"));
                continue;
            }

            // Namespaced by the university the ledger belongs to: the same 学号 at two universities is two graduates.
            accepted.Add(graduate with { GraduateId = GraduateIds.Compose(status.Tenant, graduate.GraduateId) });
        }

        await graduates.UpsertManyAsync(accepted, cancellationToken);

        // The report is read back by the uploader and kept; it names rows and columns, never a graduate's values.
        return (accepted.Count, new LedgerReport(errors.Select(e => e with { Cell = null }).ToList(), warnings.Select(w => w with { Cell = null }).ToList()));
    }

    /// <summary>An employer files only its own posts; a district office only posts in its district; the bureau
    /// any (or one employer's, when it named one at upload).</summary>
    private static (string Column, string Code, string Message)? NotInScope(LedgerStatus status, Vacancy vacancy) => status.UploaderKind switch
    {
        Access.OrganisationKind.Employer or Access.OrganisationKind.Bureau when status.Tenant.Length > 0 && vacancy.EmployerCreditCode != status.Tenant =>
            ("employerCreditCode", "credit_code.not_yours", $"统一社会信用代码“{vacancy.EmployerCreditCode}”不是本台账所属单位（{status.Tenant}）的代码，只能上传本单位的岗位"),
        Access.OrganisationKind.District when vacancy.District != status.Tenant =>
            ("district", "district.not_yours", $"工作地点不在本旗县区（{status.Tenant}），请由岗位所在旗县区或市人社局上传"),
        _ => null,
    };

    private async Task FailAsync(LedgerStatus status, Problem problem, CancellationToken cancellationToken)
    {
        await ledgers.SaveStatusAsync(status with { State = LedgerState.Failed, Failure = problem, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        if (status.Kind == LedgerKind.Graduate)
        {
            // A failed graduate file will not be processed again; its names and phones are not kept.
            await ledgers.DeleteUploadAsync(status.LedgerId, cancellationToken);
        }

        metrics.LedgersIngested.Add(1, new KeyValuePair<string, object?>("kind", status.Kind.ToString()), new KeyValuePair<string, object?>("state", "failed"));
        logger.LogWarning("Ledger {LedgerId} failed: {Code}", status.LedgerId, problem.Code);
    }
}
