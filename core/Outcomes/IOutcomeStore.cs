namespace Liuhu.Core.Outcomes;

public interface IOutcomeStore
{
    /// <summary>Idempotent: an event reported twice for the same graduate and post is stored once.</summary>
    Task RecordAsync(IReadOnlyList<Outcome> outcomes, CancellationToken cancellationToken);

    IAsyncEnumerable<Outcome> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Moves a graduate's outcomes to a fresh random id that nothing else holds, so that programme
    /// counts and training keep the events while nothing links them to the graduate any more. Returns how many.</summary>
    Task<int> PseudonymiseAsync(string graduateId, CancellationToken cancellationToken);
}
