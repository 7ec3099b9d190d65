namespace Liuhu.Core.Graduates;

public interface IGraduateStore
{
    Task UpsertAsync(GraduateProfile profile, CancellationToken cancellationToken);

    /// <summary>Idempotent: a profile written twice is stored once, as written last.</summary>
    Task UpsertManyAsync(IReadOnlyList<GraduateProfile> profiles, CancellationToken cancellationToken);

    /// <summary>As the list overload, writing profiles in batches as they come (a ledger read as a stream).</summary>
    Task UpsertManyAsync(IAsyncEnumerable<GraduateProfile> profiles, CancellationToken cancellationToken);

    /// <summary>Every profile. Personal data stays encrypted (null here) unless <paramref name="withPersonalData"/>:
    /// matching never needs it, only the masked candidate view does.</summary>
    IAsyncEnumerable<GraduateProfile> ReadAllAsync(bool withPersonalData, CancellationToken cancellationToken);

    Task<GraduateProfile?> GetAsync(string graduateId, CancellationToken cancellationToken);

    /// <summary>Erases the profile and its personal data. Returns false when there was nothing to erase.</summary>
    Task<bool> DeleteAsync(string graduateId, CancellationToken cancellationToken);
}
