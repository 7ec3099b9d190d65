using Liuhu.Core.Domain;
using Liuhu.Core.Storage;

namespace Liuhu.Core.Programme;

/// <summary>The post store, sending a progress change notice after a ledger's posts are written (a hire is
/// counted by its post's cluster and district). A status change does not move any figure, so sends none.</summary>
public sealed class ProgressNotifyingVacancyStore(TableVacancyStore inner, ProgressRefreshQueue changes) : IVacancyStore
{
    public async Task<int> UpsertFromLedgerAsync(IReadOnlyList<Vacancy> vacancies, CancellationToken cancellationToken)
    {
        var written = await inner.UpsertFromLedgerAsync(vacancies, cancellationToken);
        await changes.RequestAsync("vacancy ledger", cancellationToken);
        return written;
    }

    public async Task<int> UpsertFromLedgerAsync(IAsyncEnumerable<Vacancy> vacancies, CancellationToken cancellationToken)
    {
        var written = await inner.UpsertFromLedgerAsync(vacancies, cancellationToken);
        await changes.RequestAsync("vacancy ledger", cancellationToken);
        return written;
    }

    public Task<Vacancy?> GetAsync(string vacancyId, CancellationToken cancellationToken) => inner.GetAsync(vacancyId, cancellationToken);

    public Task<Page<Vacancy>> ListAsync(VacancyQuery query, CancellationToken cancellationToken) => inner.ListAsync(query, cancellationToken);

    public IAsyncEnumerable<Vacancy> ReadAllAsync(CancellationToken cancellationToken) => inner.ReadAllAsync(cancellationToken);

    public Task<Vacancy?> SetStatusAsync(string vacancyId, VacancyStatus status, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.SetStatusAsync(vacancyId, status, now, cancellationToken);
}
