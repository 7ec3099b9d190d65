using System.Text.Json;
using Liuhu.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Liuhu.Core.Programme;

/// <summary>A change notice on the progress-refresh queue: outcomes, a ledger or a graduate changed at
/// <see cref="RequestedAt"/>.</summary>
public sealed record ProgressRefreshMessage(DateTimeOffset RequestedAt, string Reason);

/// <summary>Asks for a progress rebuild after a change, debounced: the message becomes visible only after
/// <see cref="ProgressOptions.DebounceSeconds"/>, and this instance sends no other within that time, so a
/// burst of changes costs one rebuild. Every change sent or skipped happened before that rebuild can start, so
/// it is counted. A notice that cannot be sent is logged, not thrown: the change is stored, and the timer's
/// rebuild counts it a few minutes later.</summary>
public sealed class ProgressRefreshQueue(StorageClients clients, ProgressStore store, TimeProvider time, IOptions<ProgressOptions> options, ILogger<ProgressRefreshQueue> logger)
{
    private readonly Lock gate = new();
    private DateTimeOffset quietUntil = DateTimeOffset.MinValue;
    private DateTimeOffset markedAt = DateTimeOffset.MinValue;

    /// <summary>Before a write that can move a figure: records the time in the change marker that the timer's
    /// rebuild consults (<see cref="ProgressService.RefreshOnScheduleAsync"/>), at most once per debounce window
    /// per instance, so a write is never unmarked by more than that window. A marker that cannot be written
    /// fails the write: a change the timer cannot see must not be stored.</summary>
    public async Task MarkChangingAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            if (now - markedAt < TimeSpan.FromSeconds(options.Value.DebounceSeconds))
            {
                return;
            }

            markedAt = now;
        }

        try
        {
            await store.MarkChangedAsync(now, cancellationToken);
        }
        catch
        {
            lock (gate)
            {
                markedAt = DateTimeOffset.MinValue;
            }

            throw;
        }
    }

    public async Task RequestAsync(string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var debounce = TimeSpan.FromSeconds(options.Value.DebounceSeconds);
        lock (gate)
        {
            if (now < quietUntil)
            {
                return;
            }

            quietUntil = now + debounce;
        }

        try
        {
            // Marked here too for writers that only notify (fairs): at or after their change, so the timer sees it.
            await store.MarkChangedAsync(now, cancellationToken);
            var message = JsonSerializer.Serialize(new ProgressRefreshMessage(now, reason), JsonSerializerOptions.Web);
            await clients.Queue(StorageNames.ProgressQueue).SendMessageAsync(message, visibilityTimeout: debounce, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or AggregateException)
        {
            lock (gate)
            {
                quietUntil = DateTimeOffset.MinValue;
            }

            logger.LogWarning("Could not ask for a progress rebuild after {Reason} ({Error}); the scheduled rebuild will count it", reason, ex.GetType().Name);
        }
    }

    public static ProgressRefreshMessage Parse(string message) =>
        JsonSerializer.Deserialize<ProgressRefreshMessage>(message, JsonSerializerOptions.Web)
        ?? throw new InvalidOperationException("Empty progress refresh message.");
}
