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
            ? await StoreVacanciesAsync(sheet, status.LedgerId, cancellationToken)
            : await StoreGraduatesAsync(sheet, status.LedgerId, cancellationToken);

        await ledgers.SaveReportAsync(status.LedgerId, report, cancellationToken);
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

    private async Task<(int Accepted, LedgerReport Report)> StoreVacanciesAsync(LedgerSheet sheet, string ledgerId, CancellationToken cancellationToken)
    {
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

    private async Task<(int Accepted, LedgerReport Report)> StoreGraduatesAsync(LedgerSheet sheet, string ledgerId, CancellationToken cancellationToken)
    {
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

            accepted.Add(graduate);
        }

        await graduates.UpsertManyAsync(accepted, cancellationToken);
        return (accepted.Count, new LedgerReport(errors, warnings));
    }

    private async Task FailAsync(LedgerStatus status, Problem problem, CancellationToken cancellationToken)
    {
        await ledgers.SaveStatusAsync(status with { State = LedgerState.Failed, Failure = problem, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        metrics.LedgersIngested.Add(1, new KeyValuePair<string, object?>("kind", status.Kind.ToString()), new KeyValuePair<string, object?>("state", "failed"));
        logger.LogWarning("Ledger {LedgerId} failed: {Code}", status.LedgerId, problem.Code);
    }
}
