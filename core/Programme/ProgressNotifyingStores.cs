using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Core.Outcomes;
using Liuhu.Core.Storage;

namespace Liuhu.Core.Programme;

/// <summary>The stores progress is computed from, each sending a progress change notice after every write that
/// can move a figure, so that no write path (API, file import, erasure) can forget to, and marking the change
/// before it (<see cref="ProgressRefreshQueue.MarkChangingAsync"/>) so the timer knows whether to rebuild. Reads pass through.</summary>
public abstract class ProgressNotifyingStore(ProgressRefreshQueue changes)
{
    protected async Task<T> NotifyAfterAsync<T>(Func<Task<T>> write, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        await changes.MarkChangingAsync(cancellationToken);
        var result = await write();
        await changes.RequestAsync(reason, cancellationToken);
        return result;
    }

    protected Task NotifyAfterAsync(Func<Task> write, string reason, CancellationToken cancellationToken) =>
        NotifyAfterAsync(async () =>
        {
            ArgumentNullException.ThrowIfNull(write);
            await write();
            return true;
        }, reason, cancellationToken);
}

/// <summary>A graduate who left school unemployed changes that group's employment rate; residency changes 来呼/回呼/留呼.</summary>
public sealed class ProgressNotifyingGraduateStore(TableGraduateStore inner, ProgressRefreshQueue changes) : ProgressNotifyingStore(changes), IGraduateStore
{
    public Task UpsertAsync(GraduateProfile profile, CancellationToken cancellationToken) =>
        NotifyAfterAsync(() => inner.UpsertAsync(profile, cancellationToken), "graduate", cancellationToken);

    public Task UpsertManyAsync(IAsyncEnumerable<GraduateProfile> profiles, CancellationToken cancellationToken) =>
        NotifyAfterAsync(() => inner.UpsertManyAsync(profiles, cancellationToken), "graduate ledger", cancellationToken);

    public IAsyncEnumerable<GraduateProfile> ReadAllAsync(bool withPersonalData, CancellationToken cancellationToken) => inner.ReadAllAsync(withPersonalData, cancellationToken);

    public Task<GraduateProfile?> GetAsync(string graduateId, CancellationToken cancellationToken) => inner.GetAsync(graduateId, cancellationToken);

    public Task<bool> DeleteAsync(string graduateId, CancellationToken cancellationToken) =>
        NotifyAfterAsync(() => inner.DeleteAsync(graduateId, cancellationToken), "erasure", cancellationToken);
}

public sealed class ProgressNotifyingOutcomeStore(TableOutcomeStore inner, ProgressRefreshQueue changes) : ProgressNotifyingStore(changes), IOutcomeStore
{
    public Task RecordAsync(IReadOnlyList<Outcome> outcomes, CancellationToken cancellationToken) =>
        NotifyAfterAsync(() => inner.RecordAsync(outcomes, cancellationToken), "outcomes", cancellationToken);

    public IAsyncEnumerable<Outcome> ReadAllAsync(CancellationToken cancellationToken) => inner.ReadAllAsync(cancellationToken);

    public Task<int> PseudonymiseAsync(string graduateId, CancellationToken cancellationToken) =>
        NotifyAfterAsync(() => inner.PseudonymiseAsync(graduateId, cancellationToken), "erasure", cancellationToken);
}

/// <summary>A hire is counted by its post's cluster, district and kind. A status change moves no figure, so sends none.</summary>
public sealed class ProgressNotifyingVacancyStore(TableVacancyStore inner, ProgressRefreshQueue changes) : ProgressNotifyingStore(changes), IVacancyStore
{
    public Task<int> UpsertFromLedgerAsync(IAsyncEnumerable<Vacancy> vacancies, CancellationToken cancellationToken) =>
        NotifyAfterAsync(() => inner.UpsertFromLedgerAsync(vacancies, cancellationToken), "vacancy ledger", cancellationToken);

    public Task<Vacancy?> GetAsync(string vacancyId, CancellationToken cancellationToken) => inner.GetAsync(vacancyId, cancellationToken);

    public Task<Page<Vacancy>> ListAsync(VacancyQuery query, CancellationToken cancellationToken) => inner.ListAsync(query, cancellationToken);

    public IAsyncEnumerable<Vacancy> ReadAllAsync(CancellationToken cancellationToken) => inner.ReadAllAsync(cancellationToken);

    public IAsyncEnumerable<Vacancy> ReadChangedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken) => inner.ReadChangedSinceAsync(since, cancellationToken);

    public Task<Vacancy?> SetStatusAsync(string vacancyId, VacancyStatus status, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.SetStatusAsync(vacancyId, status, now, cancellationToken);
}

public sealed class ProgressNotifyingEmploymentStore(TableEmploymentStore inner, ProgressRefreshQueue changes) : ProgressNotifyingStore(changes), IEmploymentStore
{
    public Task RecordAsync(IReadOnlyList<EmploymentRecord> records, CancellationToken cancellationToken) =>
        NotifyAfterAsync(() => inner.RecordAsync(records, cancellationToken), "employment records", cancellationToken);

    public IAsyncEnumerable<EmploymentRecord> ReadAllAsync(CancellationToken cancellationToken) => inner.ReadAllAsync(cancellationToken);

    public Task<int> PseudonymiseAsync(string graduateId, CancellationToken cancellationToken) =>
        NotifyAfterAsync(() => inner.PseudonymiseAsync(graduateId, cancellationToken), "erasure", cancellationToken);
}

public sealed class ProgressNotifyingActivityStore(TableActivityStore inner, ProgressRefreshQueue changes) : ProgressNotifyingStore(changes), IActivityStore
{
    public Task SaveAsync(ActivityFigure figure, CancellationToken cancellationToken) =>
        NotifyAfterAsync(() => inner.SaveAsync(figure, cancellationToken), "activity figure", cancellationToken);

    public IAsyncEnumerable<ActivityFigure> ReadAllAsync(CancellationToken cancellationToken) => inner.ReadAllAsync(cancellationToken);
}
