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
/// is left alone. A ledger ends <c>completed</c> or <c>failed</c>, never stays in between: a message the host
/// gives up on is failed by <see cref="FailPoisonedAsync"/>, and one past the retry window is failed here.</summary>
public sealed class LedgerProcessor(
    ILedgerStore ledgers,
    IVacancyStore vacancies,
    IGraduateStore graduates,
    RejectedRowService rejects,
    Fairs.TableFairStore fairs,
    TimeProvider time,
    IOptions<LedgerLimits> limits,
    Telemetry.LiuhuMetrics metrics,
    ILogger<LedgerProcessor> logger)
{
    private TimeSpan Window => TimeSpan.FromMinutes(limits.Value.MaxProcessingMinutes);

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

        if (LedgerFailures.IsStranded(status, time.GetUtcNow(), Window))
        {
            // Already reported as failed to the uploader; finishing it now would contradict that.
            await FailAsync(status, LedgerFailures.TimedOut(Window), cancellationToken);
            return;
        }

        status = status with { State = LedgerState.Processing, Attempts = status.Attempts + 1, UpdatedAt = time.GetUtcNow() };
        await ledgers.SaveStatusAsync(status, cancellationToken);

        await using var file = LedgerFiles.CreateTemporary();
        if (!await ledgers.CopyUploadAsync(status.LedgerId, file, cancellationToken))
        {
            await FailAsync(status, new Problem(410, "file.missing", "上传的文件已不存在，请重新上传", "The uploaded file is no longer stored; upload it again."), cancellationToken);
            return;
        }

        // The upload checked the whole file, but the limits may have changed since: unless these very bytes were
        // checked under these very limits, read it through once more before writing anything, so that a file
        // problem fails the ledger with none of its rows stored.
        if (status.CheckedAs is null || status.CheckedAs != await LedgerFiles.FingerprintAsync(file, limits.Value, cancellationToken))
        {
            try
            {
                using var check = LedgerFiles.OpenSheet(file, status.Kind, limits.Value);
                foreach (var _ in check.Rows())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
            catch (ProblemException ex)
            {
                await FailAsync(status, ex.Problem, cancellationToken);
                return;
            }
        }

        using var sheet = LedgerFiles.OpenSheet(file, status.Kind, limits.Value);
        var findings = new Findings(status);
        if (status.Kind == LedgerKind.Vacancy)
        {
            var rows = VacancyRows(status, await Fairs.FairDirectory.LoadAsync(fairs, cancellationToken));
            await vacancies.UpsertFromLedgerAsync(AcceptedAsync(sheet, rows, findings, cancellationToken), cancellationToken);
        }
        else
        {
            var rows = GraduateRows(status);
            await graduates.UpsertManyAsync(AcceptedAsync(sheet, rows, findings, cancellationToken), cancellationToken);
        }

        var report = new LedgerReport(findings.Errors, [.. sheet.Sheet.Warnings, .. sheet.SkippedNotes, .. findings.Warnings]);
        await ledgers.SaveReportAsync(status.LedgerId, report, cancellationToken);
        await rejects.RecordAsync(status, RejectedRows.Of(sheet.Sheet.HeaderCells, findings.Rejected), cancellationToken);
        var accepted = findings.Accepted;
        var rejected = findings.Rejected.Count;
        status = status with
        {
            State = LedgerState.Completed,
            RowsTotal = sheet.RowsRead,
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

    /// <summary>The host gave up on the ledger's message (it is in the poison queue): the ledger is failed with
    /// a reason the uploader can read, and its file deleted. A ledger that finished meanwhile is left alone.</summary>
    public async Task FailPoisonedAsync(LedgerMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var status = await ledgers.GetStatusAsync(message.LedgerId, cancellationToken);
        if (status is null || status.State is LedgerState.Completed or LedgerState.Failed)
        {
            logger.LogInformation("Poisoned message for ledger {LedgerId} ignored: ledger {State}", message.LedgerId, status?.State.ToString() ?? "unknown");
            return;
        }

        await FailAsync(status, LedgerFailures.Poisoned, cancellationToken);
    }

    /// <summary>What differs between row kinds; the path through validation, scope, duplicates and storage is one.</summary>
    private sealed record RowKind<T>(
        Func<LedgerSheet, RawRow, RowOutcome<T>> Validate,
        Func<T, string> Key,
        Func<T, (string Column, string Code, string Message)?> NotInScope,
        Func<T, int, (string Column, string Message)> Duplicate,
        Func<T, T> Stored,
        Func<RowIssue, RowIssue> Reported)
        where T : class;

    private RowKind<Vacancy> VacancyRows(LedgerStatus status, Fairs.FairDirectory knownFairs)
    {
        var now = time.GetUtcNow();
        return new(
            (sheet, row) => VacancyRowValidator.Validate(sheet, row, status.LedgerId, now, limits.Value, knownFairs),
            v => v.VacancyId,
            v => NotInScope(status, v),
            (v, first) => (v.PostCode is null ? "title" : "postCode",
                $"与第 {first} 行是同一岗位（同一企业的{(v.PostCode is null ? "岗位名称和工作地点" : "岗位编号")}相同），请合并为一行"),
            v => v,
            issue => issue);
    }

    private RowKind<GraduateProfile> GraduateRows(LedgerStatus status)
    {
        var now = time.GetUtcNow();
        return new(
            (sheet, row) => GraduateRowValidator.Validate(sheet, row, status.LedgerId, now),
            g => g.GraduateId,
            _ => null,
            (_, first) => ("graduateId", $"学号/编号与第 {first} 行重复"),
            // Namespaced by the university the ledger belongs to: the same 学号 at two universities is two graduates.
            g => g with { GraduateId = GraduateIds.Compose(status.Tenant, g.GraduateId) },
            // The report is read back by the uploader and kept; it names rows and columns, never a graduate's values.
            issue => issue with { Cell = null });
    }

    // How often a ledger being processed shows how far it has got (RowsAccepted and RowsRejected so far).
    private const int ProgressEveryRows = 10_000;

    /// <summary>What reading a ledger's rows found, gathered as they go by: the report's issues, the rows rejected
    /// (for the error workbook) and how many were accepted.</summary>
    private sealed class Findings(LedgerStatus status)
    {
        public LedgerStatus Status { get; set; } = status;

        public List<RowIssue> Errors { get; } = [];

        public List<RowIssue> Warnings { get; } = [];

        public List<RejectedRow> Rejected { get; } = [];

        public int Accepted { get; set; }
    }

    /// <summary>Validates each row as it is read and yields the ones to store; the store writes them in batches as
    /// they come, so a ledger is never held whole. Rows are keyed by stable ids, so a redelivery rewrites the same
    /// rows and ends in the same state.</summary>
    private async IAsyncEnumerable<T> AcceptedAsync<T>(LedgerRowStream stream, RowKind<T> kind, Findings findings,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        var sheet = stream.Sheet;
        var firstRowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var rowErrors = new List<RowIssue>();
        foreach (var row in stream.Rows())
        {
            cancellationToken.ThrowIfCancellationRequested();
            rowErrors.Clear();
            var outcome = kind.Validate(sheet, row);
            findings.Warnings.AddRange(outcome.Warnings.Select(kind.Reported));
            T? stored = null;
            if (outcome.Value is not { } value)
            {
                rowErrors.AddRange(outcome.Errors);
            }
            else if (kind.NotInScope(value) is { } scope)
            {
                rowErrors.Add(sheet.Issue(row, scope.Column, scope.Code, scope.Message));
            }
            else if (!firstRowOf.TryAdd(kind.Key(value), row.Number))
            {
                var (column, message) = kind.Duplicate(value, firstRowOf[kind.Key(value)]);
                rowErrors.Add(sheet.Issue(row, column, "row.duplicate", message));
            }
            else
            {
                stored = kind.Stored(value);
            }

            if (rowErrors.Count > 0)
            {
                findings.Errors.AddRange(rowErrors.Select(kind.Reported));
                findings.Rejected.Add(RejectedRows.Row(row, rowErrors));
            }

            if (stream.RowsRead % ProgressEveryRows == 0)
            {
                findings.Status = findings.Status with { RowsAccepted = findings.Accepted, RowsRejected = findings.Rejected.Count, UpdatedAt = time.GetUtcNow() };
                await ledgers.SaveStatusAsync(findings.Status, cancellationToken);
            }

            if (stored is not null)
            {
                findings.Accepted++;
                yield return stored;
            }
        }
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

    /// <summary>A failed ledger is never processed again, so its file is not kept (a graduate file holds names
    /// and phones, a vacancy file contact details).</summary>
    private async Task FailAsync(LedgerStatus status, Problem problem, CancellationToken cancellationToken)
    {
        await ledgers.SaveStatusAsync(status with { State = LedgerState.Failed, Failure = problem, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        await ledgers.DeleteUploadAsync(status.LedgerId, cancellationToken);
        metrics.LedgersIngested.Add(1, new KeyValuePair<string, object?>("kind", status.Kind.ToString()), new KeyValuePair<string, object?>("state", "failed"));
        logger.LogWarning("Ledger {LedgerId} failed: {Code}", status.LedgerId, problem.Code);
    }
}
