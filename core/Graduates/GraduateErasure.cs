using Liuhu.Core.Ingestion;
using Liuhu.Core.Ledgers;
using Liuhu.Core.Outcomes;
using Liuhu.Core.Problems;
using Liuhu.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Liuhu.Core.Graduates;

/// <summary>Erasure on request (PIPL art. 47): the profile and its encrypted personal data are deleted; the
/// graduate's outcomes and employment records move to a random id (programme counts and training keep the events, nothing links them
/// back); the pseudonym key that audit records use is deleted, so those records can no longer be linked; and
/// any upload still stored that holds the graduate's row (a file that failed or is still queued) is deleted,
/// its ledger marked failed with a reason the university can act on; and the graduate's row is removed from any
/// ledger's kept rejected rows (the error workbook). See docs/personal-data.md.</summary>
public sealed class GraduateErasure(
    IGraduateStore graduates,
    IOutcomeStore outcomes,
    Programme.IEmploymentStore employment,
    GraduatePseudonyms pseudonyms,
    ILedgerStore ledgers,
    RejectedRowService rejects,
    IOptions<LedgerLimits> limits,
    TimeProvider time,
    ILogger<GraduateErasure> logger)
{
    /// <summary>False when there was no such graduate (nothing else is touched then).</summary>
    public async Task<bool> EraseAsync(string graduateId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graduateId);
        var existed = await graduates.DeleteAsync(graduateId, cancellationToken);
        var moved = await outcomes.PseudonymiseAsync(graduateId, cancellationToken);
        moved += await employment.PseudonymiseAsync(graduateId, cancellationToken);
        await pseudonyms.ForgetAsync(graduateId, cancellationToken);
        var uploads = await DeleteUploadsHoldingAsync(graduateId, cancellationToken);
        logger.LogInformation("Erasure: profile {Existed}, {Outcomes} outcomes and employment records pseudonymised, {Uploads} stored uploads deleted", existed, moved, uploads);
        return existed || moved > 0 || uploads > 0;
    }

    private async Task<int> DeleteUploadsHoldingAsync(string graduateId, CancellationToken cancellationToken)
    {
        var university = GraduateIds.UniversityOf(graduateId);
        if (university is null)
        {
            return 0;
        }

        var studentNumber = graduateId[(university.Length + 1)..];
        var deleted = 0;
        string? continuation = null;
        do
        {
            var page = await ledgers.ListAsync(LedgerScope.ForTenant(university), 100, continuation, cancellationToken);
            foreach (var status in page.Items.Where(s => s.Kind == LedgerKind.Graduate))
            {
                // The error workbook's kept rows (encrypted) are personal data too.
                deleted += await rejects.EraseAsync(status.LedgerId, studentNumber, cancellationToken) ? 1 : 0;
                if (await ledgers.GetUploadAsync(status.LedgerId, cancellationToken) is not { } content || !Holds(content, studentNumber))
                {
                    continue;
                }

                await ledgers.DeleteUploadAsync(status.LedgerId, cancellationToken);
                deleted++;
                if (status.State is not LedgerState.Completed)
                {
                    await ledgers.SaveStatusAsync(status with
                    {
                        State = LedgerState.Failed,
                        UpdatedAt = time.GetUtcNow(),
                        Failure = new Problem(410, "file.erased", "文件中有毕业生已申请删除个人信息，文件已删除；请去掉该生后重新上传",
                            "A graduate in this file asked for erasure, so the stored file was deleted; upload it again without that graduate."),
                    }, cancellationToken);
                }
            }

            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
        return deleted;
    }

    private bool Holds(BinaryData content, string studentNumber)
    {
        try
        {
            var sheet = LedgerSheet.Locate(LedgerReader.Read(content.ToMemory().Span, limits.Value), LedgerSchemas.Graduate);
            return sheet.Rows.Any(row => string.Equals(sheet.Get(row, "graduateId")?.Trim(), studentNumber, StringComparison.Ordinal));
        }
        catch (ProblemException)
        {
            // A file that cannot be read was refused at upload; nothing of it can hold a row.
            return false;
        }
    }
}
