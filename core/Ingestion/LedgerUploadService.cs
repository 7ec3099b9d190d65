using Liuhu.Core.Access;
using Liuhu.Core.Ledgers;
using Liuhu.Core.Problems;
using Liuhu.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Liuhu.Core.Ingestion;

/// <summary>Accepts an uploaded ledger: checks the whole file (size, format, encoding, header, every bound, the
/// number of rows) while the uploader waits, so a bad file is refused and nothing is stored, then hands it to the
/// queue. The body goes to a temporary file as it arrives and is read back row by row; rows are validated by the
/// queue handler, so memory here follows one row, not the file.</summary>
public sealed class LedgerUploadService(ILedgerStore store, TimeProvider time, IOptions<LedgerLimits> limits, ILogger<LedgerUploadService> logger)
{
    /// <param name="uploader">Who uploads: recorded with the ledger, and it decides whose rows the ledger may hold.</param>
    /// <param name="forTenant">For the bureau: the university a graduate ledger belongs to (required), or the
    /// employer a vacancy ledger is restricted to (optional). Others upload for themselves only.</param>
    public async Task<LedgerStatus> SubmitAsync(LedgerKind kind, Stream body, string? fileName, Caller uploader, string? forTenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(uploader);
        var tenant = TenantOf(kind, uploader, forTenant);
        await using var file = LedgerFiles.CreateTemporary();
        var (size, contentHash) = await LedgerFiles.CopyBoundedAsync(body, file, limits.Value.MaxUploadBytes, cancellationToken);
        LedgerFormat format;
        int rowsTotal;
        using (var sheet = LedgerFiles.OpenSheet(file, kind, limits.Value))
        {
            format = sheet.Sheet.Format;
            foreach (var _ in sheet.Rows())
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            rowsTotal = sheet.RowsRead;
        }

        var checkedAs = LedgerFiles.Fingerprint(contentHash, limits.Value);
        var now = time.GetUtcNow();
        var status = new LedgerStatus
        {
            LedgerId = Guid.CreateVersion7(now).ToString("N"),
            Kind = kind,
            State = LedgerState.Queued,
            FileName = fileName,
            SizeBytes = size,
            RowsTotal = rowsTotal,
            CreatedAt = now,
            UpdatedAt = now,
            UploadedBy = uploader.OrganisationId,
            UploadedByCredential = uploader.CredentialId,
            UploaderKind = uploader.Kind,
            Tenant = tenant,
            CheckedAs = checkedAs,
        };
        file.Position = 0;
        await store.SubmitAsync(status, file, cancellationToken);
        logger.LogInformation("Ledger {LedgerId} ({Kind}, {Format}, {Rows} rows, {Bytes} bytes) queued", status.LedgerId, kind, format, rowsTotal, size);
        return status;
    }

    private static string TenantOf(LedgerKind kind, Caller uploader, string? forTenant)
    {
        forTenant = string.IsNullOrWhiteSpace(forTenant) ? null : forTenant.Trim();
        if (!uploader.IsBureau)
        {
            if (forTenant is not null && forTenant != uploader.Tenant)
            {
                throw new ProblemException(new Problem(403, "tenant.not_yours", "只能为本机构上传台账", "You may upload ledgers for your own organisation only."));
            }

            return uploader.Tenant;
        }

        if (kind == LedgerKind.Graduate && !OrganisationCodes.IsUniversityCode(forTenant))
        {
            throw new ProblemException(Problem.BadRequest("university_code.required", "市人社局代高校上传毕业生台账时，须用 universityCode 参数指明高校代码",
                "When the bureau uploads a graduate ledger it must name the university with ?universityCode=."));
        }

        if (kind == LedgerKind.Vacancy && forTenant is not null && !Domain.CreditCode.IsValid(forTenant))
        {
            throw new ProblemException(Problem.BadRequest("credit_code.invalid", "employerCreditCode 参数不是有效的统一社会信用代码", "?employerCreditCode= is not a valid credit code."));
        }

        return forTenant ?? string.Empty;
    }
}
