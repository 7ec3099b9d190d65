using Liuhu.Core.Domain;

namespace Liuhu.Core.Storage;

public sealed record VacancyQuery(string? Cluster, string? District, string? EmployerCreditCode, VacancyStatus? Status, int PageSize, string? ContinuationToken)
{
    /// <summary>岗位类别, when the list asks for one kind.</summary>
    public PostKind? Kind { get; init; }

    /// <summary>企业标签, when the list asks for posts of employers with one tag.</summary>
    public EmployerTag? EmployerTag { get; init; }
}

public interface IVacancyStore
{
    /// <summary>Stores the posts of a ledger, in batches as they come (a ledger read as a stream); each post must
    /// come once. Idempotent: writing the same posts again leaves the same state; a post already stored keeps its
    /// status and when it was first seen. A list goes through <see cref="StoreExtensions"/>.</summary>
    Task<int> UpsertFromLedgerAsync(IAsyncEnumerable<Vacancy> vacancies, CancellationToken cancellationToken);

    Task<Vacancy?> GetAsync(string vacancyId, CancellationToken cancellationToken);

    Task<Page<Vacancy>> ListAsync(VacancyQuery query, CancellationToken cancellationToken);

    /// <summary>Every stored post, for building the matching index and training data.</summary>
    IAsyncEnumerable<Vacancy> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Posts written (created, re-uploaded or whose status changed) at or after <paramref name="since"/>,
    /// by the table's own timestamp: what a matching index loaded from a snapshot must catch up on.</summary>
    IAsyncEnumerable<Vacancy> ReadChangedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);

    Task<Vacancy?> SetStatusAsync(string vacancyId, VacancyStatus status, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>A post linked to one or more fairs, as the fair counts read it.</summary>
public sealed record FairLinkedPost(string VacancyId, IReadOnlyList<string> FairIds, int Headcount, string? District = null);
