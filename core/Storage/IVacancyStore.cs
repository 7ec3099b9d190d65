using Liuhu.Core.Domain;

namespace Liuhu.Core.Storage;

public sealed record VacancyQuery(string? Cluster, string? District, string? EmployerCreditCode, VacancyStatus? Status, int PageSize, string? ContinuationToken);

public interface IVacancyStore
{
    /// <summary>Stores the posts of a ledger. Idempotent: writing the same posts again leaves the same state;
    /// a post already stored keeps its status and when it was first seen.</summary>
    Task<int> UpsertFromLedgerAsync(IReadOnlyList<Vacancy> vacancies, CancellationToken cancellationToken);

    /// <summary>As the list overload, writing posts in batches as they come (a ledger read as a stream); each post
    /// must come once.</summary>
    Task<int> UpsertFromLedgerAsync(IAsyncEnumerable<Vacancy> vacancies, CancellationToken cancellationToken);

    Task<Vacancy?> GetAsync(string vacancyId, CancellationToken cancellationToken);

    Task<Page<Vacancy>> ListAsync(VacancyQuery query, CancellationToken cancellationToken);

    /// <summary>Every stored post, for building the matching index and training data.</summary>
    IAsyncEnumerable<Vacancy> ReadAllAsync(CancellationToken cancellationToken);

    Task<Vacancy?> SetStatusAsync(string vacancyId, VacancyStatus status, DateTimeOffset now, CancellationToken cancellationToken);
}
