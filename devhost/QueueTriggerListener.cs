using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Liuhu.Core.Storage;

namespace Liuhu.DevHost;

/// <summary>Polls each queue-triggered function's queue with the Functions host's semantics: base64 messages,
/// at-least-once delivery, a failed message made visible again after host.json's visibilityTimeout, and moved
/// to "{queue}-poison" once it has been dequeued maxDequeueCount times.</summary>
public sealed class QueueTriggerListener(
    IReadOnlyList<FunctionDescriptor> functions,
    HostJson hostJson,
    StorageClients storage,
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<QueueTriggerListener> logger) : BackgroundService
{
    // Long enough for a 100,000-row ledger; the host renews its lease instead, which amounts to the same here.
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(functions.Where(f => f.Trigger == TriggerKind.Queue).Select(f => ListenAsync(f, stoppingToken)));

    private async Task ListenAsync(FunctionDescriptor function, CancellationToken stoppingToken)
    {
        FunctionInvoker.EnsureBindable(function);
        var queue = storage.Queue(function.QueueName!);
        var poison = storage.Queue(function.QueueName + "-poison");
        var delay = MinPollingInterval;
        logger.LogInformation("Listening to queue {Queue} for {Function}", function.QueueName, function.Name);
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages;
            try
            {
                messages = (await queue.ReceiveMessagesAsync(hostJson.BatchSize, Lease, stoppingToken)).Value;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or AggregateException)
            {
                logger.LogWarning("Queue {Queue} is unreachable ({Error}); retrying", function.QueueName, ex.GetType().Name);
                messages = [];
            }

            if (messages.Length == 0)
            {
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, hostJson.MaxPollingInterval.Ticks));
                await SleepAsync(delay, stoppingToken);
                continue;
            }

            delay = MinPollingInterval;
            await Task.WhenAll(messages.Select(m => HandleAsync(function, queue, poison, m, stoppingToken)));
        }
    }

    private async Task HandleAsync(FunctionDescriptor function, QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            if (message.DequeueCount > hostJson.MaxDequeueCount)
            {
                await MoveToPoisonAsync(queue, poison, message, stoppingToken);
                return;
            }

            await using (var scope = scopes.CreateAsyncScope())
            {
                await FunctionInvoker.InvokeAsync(function, scope.ServiceProvider, parameter => parameter.ParameterType switch
                {
                    var t when t == typeof(string) => message.Body.ToString(),
                    var t when t == typeof(BinaryData) => message.Body,
                    var t when t == typeof(byte[]) => message.Body.ToArray(),
                    var t when t == typeof(QueueMessage) => message,
                    var t when t == typeof(CancellationToken) => stoppingToken,
                    _ => throw new NotSupportedException($"{function.Name}: cannot bind {parameter.Name}"),
                });
            }

            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The message becomes visible again when its lease ends; another run picks it up.
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Function {Function} failed on message {MessageId} (dequeue count {DequeueCount})", function.Name, message.MessageId, message.DequeueCount);
            await ReleaseOrPoisonAsync(queue, poison, message, stoppingToken);
        }
    }

    private async Task ReleaseOrPoisonAsync(QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stoppingToken)
    {
        // When the failure was storage going away, releasing fails too. Keep trying while the lease lasts, so the
        // message comes back soon after storage does (its lease would bring it back anyway, but only after minutes).
        var giveUpAt = time.GetUtcNow() + Lease;
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (message.DequeueCount >= hostJson.MaxDequeueCount)
                {
                    await MoveToPoisonAsync(queue, poison, message, stoppingToken);
                }
                else
                {
                    await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: hostJson.VisibilityTimeout, cancellationToken: stoppingToken);
                }

                return;
            }
            catch (Exception ex) when (IsUnreachable(ex) && time.GetUtcNow() + delay < giveUpAt)
            {
                logger.LogWarning("Could not release message {MessageId} ({Error}); retrying in {Delay}", message.MessageId, ex.GetType().Name, delay);
                await SleepAsync(delay, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
            catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or AggregateException)
            {
                logger.LogWarning("Could not release message {MessageId} ({Error}); it reappears when its lease ends", message.MessageId, ex.GetType().Name);
                return;
            }
        }
    }

    private async Task MoveToPoisonAsync(QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stoppingToken)
    {
        await poison.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        await poison.SendMessageAsync(message.Body, cancellationToken: stoppingToken);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
        logger.LogWarning("Message {MessageId} moved to {Poison} after {DequeueCount} attempts", message.MessageId, poison.Name, message.DequeueCount);
    }

    /// <summary>Storage not answering (as opposed to answering no, such as a pop receipt that is no longer valid).</summary>
    private static bool IsUnreachable(Exception ex) => ex switch
    {
        Azure.RequestFailedException failed => failed.Status is 0 or 408 or >= 500,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsUnreachable),
        _ => ex is HttpRequestException or TimeoutException,
    };

    private async Task SleepAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, time, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
