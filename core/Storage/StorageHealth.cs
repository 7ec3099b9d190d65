using Azure;

namespace Liuhu.Core.Storage;

public sealed record HealthReport(bool Healthy, string? Reason);

/// <summary>Answers whether storage answers, within a short time, for the health endpoint.</summary>
public sealed class StorageHealth(StorageClients clients)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(Timeout);
        try
        {
            await clients.Table(StorageNames.LedgersTable).GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("health", "probe", cancellationToken: cts.Token);
            return new HealthReport(true, null);
        }
        catch (RequestFailedException ex)
        {
            return new HealthReport(false, $"Table storage answered {ex.Status} {ex.ErrorCode}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthReport(false, $"Table storage did not answer within {Timeout.TotalSeconds} s");
        }
        catch (Exception ex) when (ex is HttpRequestException or AggregateException or Azure.Identity.AuthenticationFailedException)
        {
            return new HealthReport(false, $"Table storage is unreachable: {ex.GetType().Name}");
        }
    }
}
