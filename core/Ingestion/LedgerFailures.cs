using Liuhu.Core.Problems;

namespace Liuhu.Core.Ingestion;

/// <summary>Why a ledger failed when the uploader's file was not at fault, said so the uploader can act on it.</summary>
public static class LedgerFailures
{
    public static readonly Problem Poisoned = new(500, "ledger.processing_failed",
        "台账处理多次重试后仍失败，已停止处理，上传的文件已删除。请稍后重新上传；如仍失败，请联系市人社局",
        "Processing the ledger failed on every retry and was stopped; the uploaded file was deleted. Upload it again later; if it fails again, contact the bureau.");

    public static Problem TimedOut(TimeSpan window) => new(504, "ledger.timed_out",
        $"台账在 {(int)window.TotalMinutes} 分钟内未能处理完成，已视为失败。请重新上传；如仍失败，请联系市人社局",
        $"The ledger was not processed within {(int)window.TotalMinutes} minutes of its upload and is treated as failed. Upload it again; if it fails again, contact the bureau.");

    /// <summary>A ledger still queued or processing past the host's retry window will never finish: it is
    /// reported (and, by the processor, recorded) as failed.</summary>
    public static LedgerStatus AsOf(LedgerStatus status, DateTimeOffset now, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(status);
        return IsStranded(status, now, window)
            ? status with { State = LedgerState.Failed, Failure = TimedOut(window), UpdatedAt = status.CreatedAt + window }
            : status;
    }

    public static bool IsStranded(LedgerStatus status, DateTimeOffset now, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(status);
        return status.State is LedgerState.Queued or LedgerState.Processing && now - status.CreatedAt > window;
    }
}
