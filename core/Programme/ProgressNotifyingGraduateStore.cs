using Liuhu.Core.Graduates;

namespace Liuhu.Core.Programme;

/// <summary>The graduate store, sending a progress change notice after each write (a graduate who left school
/// unemployed changes the employment rate for that group).</summary>
public sealed class ProgressNotifyingGraduateStore(TableGraduateStore inner, ProgressRefreshQueue changes) : IGraduateStore
{
    public async Task UpsertAsync(GraduateProfile profile, CancellationToken cancellationToken)
    {
        await inner.UpsertAsync(profile, cancellationToken);
        await changes.RequestAsync("graduate", cancellationToken);
    }

    public async Task UpsertManyAsync(IReadOnlyList<GraduateProfile> profiles, CancellationToken cancellationToken)
    {
        await inner.UpsertManyAsync(profiles, cancellationToken);
        await changes.RequestAsync("graduate ledger", cancellationToken);
    }

    public async Task UpsertManyAsync(IAsyncEnumerable<GraduateProfile> profiles, CancellationToken cancellationToken)
    {
        await inner.UpsertManyAsync(profiles, cancellationToken);
        await changes.RequestAsync("graduate ledger", cancellationToken);
    }

    public IAsyncEnumerable<GraduateProfile> ReadAllAsync(bool withPersonalData, CancellationToken cancellationToken) => inner.ReadAllAsync(withPersonalData, cancellationToken);

    public Task<GraduateProfile?> GetAsync(string graduateId, CancellationToken cancellationToken) => inner.GetAsync(graduateId, cancellationToken);

    public async Task<bool> DeleteAsync(string graduateId, CancellationToken cancellationToken)
    {
        var erased = await inner.DeleteAsync(graduateId, cancellationToken);
        await changes.RequestAsync("erasure", cancellationToken);
        return erased;
    }
}
