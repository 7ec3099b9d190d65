namespace Liuhu.Core.Graduates;

public interface IGraduateStore
{
    Task UpsertAsync(GraduateProfile profile, CancellationToken cancellationToken);

    /// <summary>Writes profiles in batches as they come (a ledger read as a stream); each profile must come once.
    /// Idempotent: writing them again stores the same. A list goes through <see cref="Storage.StoreExtensions"/>.</summary>
    Task UpsertManyAsync(IAsyncEnumerable<GraduateProfile> profiles, CancellationToken cancellationToken);

    /// <summary>Every profile. Personal data stays encrypted (null here) unless <paramref name="withPersonalData"/>:
    /// matching never needs it, only the masked candidate view does.</summary>
    IAsyncEnumerable<GraduateProfile> ReadAllAsync(bool withPersonalData, CancellationToken cancellationToken);

    Task<GraduateProfile?> GetAsync(string graduateId, CancellationToken cancellationToken);

    /// <summary>Erases the profile and its personal data. Returns false when there was nothing to erase.</summary>
    Task<bool> DeleteAsync(string graduateId, CancellationToken cancellationToken);
}
