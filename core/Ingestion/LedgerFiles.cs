using System.Security.Cryptography;
using System.Text.Json;
using Liuhu.Core.Ledgers;

namespace Liuhu.Core.Ingestion;

/// <summary>Where a ledger file is read from while it is checked or processed: a temporary file, so that a zip's
/// directory can be reached (an .xlsx is read from its end) and the file read more than once, without holding it in
/// memory. At most <see cref="LedgerLimits.MaxUploadBytes"/> per ledger in hand; deleted when closed.</summary>
internal static class LedgerFiles
{
    private const int BufferBytes = 64 * 1024;

    public static FileStream CreateTemporary() =>
        new(Path.Combine(Path.GetTempPath(), "liuhu-ledger-" + Guid.NewGuid().ToString("N")), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
            BufferBytes, FileOptions.DeleteOnClose | FileOptions.Asynchronous);

    /// <summary>Copies <paramref name="body"/> into <paramref name="file"/>, refusing it at the first chunk past
    /// <paramref name="limit"/> bytes; returns the size and the bytes' SHA-256, hashed as they pass so that the
    /// file need not be read again to fingerprint it.</summary>
    public static async Task<(long Size, byte[] ContentHash)> CopyBoundedAsync(Stream body, Stream file, long limit, CancellationToken cancellationToken)
    {
        var chunk = new byte[BufferBytes];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            total += read;
            if (total > limit)
            {
                throw FileProblems.TooLarge(total, limit);
            }

            hash.AppendData(chunk, 0, read);
            await file.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
        }

        await file.FlushAsync(cancellationToken);
        file.Position = 0;
        return (total, hash.GetHashAndReset());
    }

    /// <summary>What a file was checked as: its bytes (SHA-256) under these limits. The queue handler reads a file
    /// through once more before writing only when this differs from what the upload recorded, that is when the
    /// limits changed in between (or the stored bytes are not the ones checked).</summary>
    public static async Task<string> FingerprintAsync(Stream file, LedgerLimits limits, CancellationToken cancellationToken)
    {
        file.Position = 0;
        var content = await SHA256.HashDataAsync(file, cancellationToken);
        file.Position = 0;
        return Fingerprint(content, limits);
    }

    /// <summary>The same fingerprint from a content hash already taken (<see cref="CopyBoundedAsync"/>).</summary>
    public static string Fingerprint(byte[] contentHash, LedgerLimits limits)
    {
        var bounds = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(limits));
        return Convert.ToHexString(contentHash) + ":" + Convert.ToHexString(bounds, 0, 16);
    }

    /// <summary>The ledger's header found and its data rows ready to be read one at a time.</summary>
    public static LedgerRowStream OpenSheet(Stream file, LedgerKind kind, LedgerLimits limits)
    {
        var rows = LedgerReader.Open(file, limits);
        return LedgerSheet.Open(rows.Format, rows.Rows, kind == LedgerKind.Vacancy ? LedgerSchemas.Vacancy : LedgerSchemas.Graduate, limits.MaxRows);
    }
}
