using Liuhu.Core.Access;
using Liuhu.Core.Ledgers;
using Liuhu.Core.Problems;
using Liuhu.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Liuhu.Core.Ingestion;

/// <summary>Accepts an uploaded ledger: checks the whole file at once (format, encoding, header, size), so a
/// bad file is refused while the uploader waits and nothing is stored, then hands it to the queue.</summary>
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
        var content = await ReadBoundedAsync(body, limits.Value.MaxUploadBytes, cancellationToken);
        var table = LedgerReader.Read(content, limits.Value);
        var sheet = LedgerSheet.Locate(table, kind == LedgerKind.Vacancy ? LedgerSchemas.Vacancy : LedgerSchemas.Graduate);
        if (sheet.Rows.Count > limits.Value.MaxRows)
        {
            throw FileProblems.TooManyRows(sheet.Rows.Count, limits.Value.MaxRows);
        }

        var now = time.GetUtcNow();
        var status = new LedgerStatus
        {
            LedgerId = Guid.CreateVersion7(now).ToString("N"),
            Kind = kind,
            State = LedgerState.Queued,
            FileName = fileName,
            SizeBytes = content.Length,
            RowsTotal = sheet.Rows.Count,
            CreatedAt = now,
            UpdatedAt = now,
            UploadedBy = uploader.OrganisationId,
            UploadedByCredential = uploader.CredentialId,
            UploaderKind = uploader.Kind,
            Tenant = tenant,
        };
        await store.SubmitAsync(status, BinaryData.FromBytes(content), cancellationToken);
        logger.LogInformation("Ledger {LedgerId} ({Kind}, {Format}, {Rows} rows, {Bytes} bytes) queued", status.LedgerId, kind, table.Format, sheet.Rows.Count, content.Length);
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

    private static async Task<byte[]> ReadBoundedAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw FileProblems.TooLarge(buffer.Length + read, limit);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
