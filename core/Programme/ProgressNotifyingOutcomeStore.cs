using Liuhu.Core.Outcomes;

namespace Liuhu.Core.Programme;

/// <summary>The outcome store, sending a progress change notice after each write, so that no write path (API,
/// file import, erasure) can forget to.</summary>
public sealed class ProgressNotifyingOutcomeStore(TableOutcomeStore inner, ProgressRefreshQueue changes) : IOutcomeStore
{
    public async Task RecordAsync(IReadOnlyList<Outcome> outcomes, CancellationToken cancellationToken)
    {
        await inner.RecordAsync(outcomes, cancellationToken);
        await changes.RequestAsync("outcomes", cancellationToken);
    }

    public IAsyncEnumerable<Outcome> ReadAllAsync(CancellationToken cancellationToken) => inner.ReadAllAsync(cancellationToken);

    public async Task<int> PseudonymiseAsync(string graduateId, CancellationToken cancellationToken)
    {
        var moved = await inner.PseudonymiseAsync(graduateId, cancellationToken);
        await changes.RequestAsync("erasure", cancellationToken);
        return moved;
    }
}
