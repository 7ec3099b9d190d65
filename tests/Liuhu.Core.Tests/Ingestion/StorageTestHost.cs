using Liuhu.Core.Storage;
using Liuhu.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Liuhu.Core.Tests.Ingestion;

/// <summary>The core services wired as the app wires them, against the fixture's Azurite.</summary>
public static class StorageTestHost
{
    /// <param name="settings">Configuration beyond storage and the key (e.g. <c>Ledgers:MaxRows</c>).</param>
    public static async Task<ServiceProvider> StartAsync(AzuriteFixture azurite, FakeTimeProvider? time = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        time ??= new FakeTimeProvider(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            // The programme year is the one the clock starts in, so that events "now" count.
            ["Programme:Year"] = Liuhu.Core.Catalogues.Period.Of(time.GetUtcNow()).Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["PersonalData:EncryptionKey"] = TestData.NewKey(),
        }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLiuhuCore(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        await provider.GetRequiredService<StorageClients>().EnsureCreatedAsync(CancellationToken.None);
        return provider;
    }
}
