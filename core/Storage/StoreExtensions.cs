using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;

namespace Liuhu.Core.Storage;

/// <summary>Lists written through the stores' one streaming write path.</summary>
public static class StoreExtensions
{
    public static Task<int> UpsertFromLedgerAsync(this IVacancyStore store, IReadOnlyList<Vacancy> vacancies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(vacancies);
        return store.UpsertFromLedgerAsync(vacancies.ToAsyncEnumerable(), cancellationToken);
    }

    public static Task UpsertManyAsync(this IGraduateStore store, IReadOnlyList<GraduateProfile> profiles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(profiles);
        return store.UpsertManyAsync(profiles.ToAsyncEnumerable(), cancellationToken);
    }
}
