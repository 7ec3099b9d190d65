using Liuhu.Core.Ledgers;

namespace Liuhu.Core.Storage;

/// <summary>Where a processed ledger's rejected rows wait for its error workbook.</summary>
public interface IRejectedRowStore
{
    /// <summary>Replaces the ledger's rows. <paramref name="personal"/> rows (a graduate ledger's) are encrypted
    /// with the personal-data key. <paramref name="storedAt"/> is when retention is counted from.</summary>
    Task SaveAsync(string ledgerId, RejectedRows rows, bool personal, DateTimeOffset storedAt, CancellationToken cancellationToken);

    /// <summary>The rows and when they were first stored, or null when none are kept.</summary>
    Task<(RejectedRows Rows, DateTimeOffset StoredAt)?> GetAsync(string ledgerId, CancellationToken cancellationToken);

    Task DeleteAsync(string ledgerId, CancellationToken cancellationToken);

    /// <summary>Deletes every ledger's rows stored before <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> DeleteStoredBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
