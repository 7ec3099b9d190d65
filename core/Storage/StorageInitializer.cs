using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Liuhu.Core.Storage;

/// <summary>Creates Liuhu's tables, queues and containers when the app starts (idempotent; in Azure they
/// also come from the Bicep templates).</summary>
public sealed class StorageInitializer(StorageClients clients, ILogger<StorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync(cancellationToken);
        logger.LogInformation("Storage ready: {Tables} tables, {Queues} queues, {Containers} containers",
            StorageNames.Tables.Length, StorageNames.Queues.Length, StorageNames.Containers.Length);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
