namespace Liuhu.Core.Outcomes;

public interface IOutcomeStore
{
    /// <summary>Idempotent: an event reported twice for the same graduate and post is stored once.</summary>
    Task RecordAsync(IReadOnlyList<Outcome> outcomes, CancellationToken cancellationToken);

    IAsyncEnumerable<Outcome> ReadAllAsync(CancellationToken cancellationToken);
}
