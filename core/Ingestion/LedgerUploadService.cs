using Liuhu.Core.Ledgers;
using Liuhu.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Liuhu.Core.Ingestion;

/// <summary>Accepts an uploaded ledger: checks the whole file at once (format, encoding, header, size), so a
/// bad file is refused while the uploader waits and nothing is stored, then hands it to the queue.</summary>
public sealed class LedgerUploadService(ILedgerStore store, TimeProvider time, IOptions<LedgerLimits> limits, ILogger<LedgerUploadService> logger)
{
    public async Task<LedgerStatus> SubmitAsync(LedgerKind kind, Stream body, string? fileName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
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
        };
        await store.SubmitAsync(status, BinaryData.FromBytes(content), cancellationToken);
        logger.LogInformation("Ledger {LedgerId} ({Kind}, {Format}, {Rows} rows, {Bytes} bytes) queued", status.LedgerId, kind, table.Format, sheet.Rows.Count, content.Length);
        return status;
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
