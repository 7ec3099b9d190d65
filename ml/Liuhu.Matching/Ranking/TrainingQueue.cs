using System.Text.Json;
using Liuhu.Core.Storage;

namespace Liuhu.Matching.Ranking;

/// <summary>Asks for a training run. Training happens in the queue-triggered job, not in the request, so the
/// admin call answers at once and a nightly timer and a manual call share one path.</summary>
public sealed class TrainingQueue(StorageClients clients, TimeProvider time)
{
    public async Task<string> RequestAsync(string reason, CancellationToken cancellationToken)
    {
        var requestId = Guid.CreateVersion7(time.GetUtcNow()).ToString("N");
        var message = JsonSerializer.Serialize(new { requestId, reason, requestedAt = time.GetUtcNow() });
        await clients.Queue(StorageNames.TrainingQueue).SendMessageAsync(message, cancellationToken);
        return requestId;
    }
}
