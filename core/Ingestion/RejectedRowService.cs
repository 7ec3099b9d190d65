using Liuhu.Core.Access;
using Liuhu.Core.Domain;
using Liuhu.Core.Ledgers;
using Liuhu.Core.Problems;
using Liuhu.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Liuhu.Core.Ingestion;

/// <summary>Keeps a processed ledger's rejected rows, bounded and for a limited time, so that its uploader can
/// download them as an error workbook after the uploaded file is gone; forgets a graduate's rows on erasure.</summary>
public sealed class RejectedRowService(
    IRejectedRowStore store,
    LedgerQueries queries,
    IOptions<RejectedRowsOptions> options,
    TimeProvider time,
    ILogger<RejectedRowService> logger)
{
    private TimeSpan Retention => TimeSpan.FromDays(options.Value.RetentionDays);

    /// <summary>Called once when a ledger is processed; a second delivery of the same ledger replaces the first.</summary>
    public async Task RecordAsync(LedgerStatus status, LedgerSheet sheet, IReadOnlyList<RowIssue> errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(errors);
        await RecordAsync(status, errors.Count == 0 ? null : RejectedRows.From(sheet, errors), cancellationToken);
    }

    /// <summary>As the overload taking a sheet, with the rows collected while the ledger was read row by row;
    /// null (or no rows) when none were rejected.</summary>
    public async Task RecordAsync(LedgerStatus status, RejectedRows? rejected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (rejected is null || rejected.Rows.Count == 0)
        {
            await store.DeleteAsync(status.LedgerId, cancellationToken);
            return;
        }

        await store.SaveAsync(status.LedgerId, rejected, status.Kind == LedgerKind.Graduate, time.GetUtcNow(), cancellationToken);
    }

    /// <summary>The error workbook of a ledger the caller may see (as GET /ledgers/{id} decides).</summary>
    public async Task<byte[]> WorkbookAsync(Caller caller, string ledgerId, CancellationToken cancellationToken)
    {
        var (status, _) = await queries.GetAsync(caller, ledgerId, cancellationToken);
        if (status.State != LedgerState.Completed)
        {
            throw new ProblemException(new Problem(409, "ledger.not_completed", "台账尚未处理完成（或整个文件未通过检查），没有错误行工作簿",
                $"Ledger '{ledgerId}' is {status.State}; an error workbook exists only for a completed ledger."));
        }

        if (status.RowsRejected == 0)
        {
            throw new ProblemException(Problem.NotFound("ledger.no_rejected_rows", "该台账没有被拒绝的行", $"Ledger '{ledgerId}' has no rejected rows."));
        }

        var stored = await store.GetAsync(ledgerId, cancellationToken);
        if (stored is { } found && found.StoredAt + Retention < time.GetUtcNow())
        {
            // The daily purge may not have run yet; past retention the rows are not served, and go now.
            await store.DeleteAsync(ledgerId, cancellationToken);
            stored = null;
        }

        return stored is { } rows
            ? await ErrorWorkbook.WriteAsync(rows.Rows, cancellationToken)
            : throw new ProblemException(new Problem(410, "ledger.rejected_rows_gone",
                $"错误行已不再保存（保存期限为 {options.Value.RetentionDays} 天，或其中毕业生已申请删除个人信息），请查看台账的错误列表或重新上传",
                $"The rejected rows of ledger '{ledgerId}' are no longer kept (retention {options.Value.RetentionDays} days, or erased); the JSON error list at GET /ledgers/{ledgerId} remains."));
    }

    /// <summary>Deletes rows kept past retention; run daily.</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var deleted = await store.DeleteStoredBeforeAsync(time.GetUtcNow() - Retention, cancellationToken);
        logger.LogInformation("Rejected rows purge: {Deleted} ledgers' rows past {RetentionDays} days deleted", deleted, options.Value.RetentionDays);
        return deleted;
    }

    /// <summary>Removes a student's rejected rows from a graduate ledger's kept rows (deleting them when none
    /// remain); true when any were removed. Retention still counts from when they were first stored.</summary>
    public async Task<bool> EraseAsync(string ledgerId, string studentNumber, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(ledgerId, cancellationToken) is not { } stored)
        {
            return false;
        }

        var (rows, storedAt) = stored;
        var column = -1;
        for (var c = 0; c < rows.Header.Count && column < 0; c++)
        {
            column = LedgerSchemas.Graduate.Recognise(rows.Header[c])?.Field == "graduateId" ? c : -1;
        }

        var kept = rows.Rows.Where(r => column < 0 || column >= r.Cells.Count || TextNormalizer.FoldWithoutWhitespace(r.Cells[column]) != studentNumber).ToList();
        if (column < 0 || kept.Count == rows.Rows.Count)
        {
            return false;
        }

        if (kept.Count == 0)
        {
            await store.DeleteAsync(ledgerId, cancellationToken);
        }
        else
        {
            await store.SaveAsync(ledgerId, rows with { Rows = kept }, personal: true, storedAt, cancellationToken);
        }

        return true;
    }
}
