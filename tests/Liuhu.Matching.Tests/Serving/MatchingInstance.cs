using Liuhu.Core;
using Liuhu.Core.Storage;
using Liuhu.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Liuhu.Matching.Tests.Serving;

/// <summary>One serving instance over the fixture's Azurite: the core and matching services as the Functions
/// app registers them, with a key of its own and any settings given.</summary>
internal static class MatchingInstance
{
    public static Task<ServiceProvider> StartAsync(AzuriteFixture azurite, params (string Key, string Value)[] settings) => StartAsync(azurite, null, settings);

    /// <param name="replace">Replaces services after the app's own registrations (a clock, a store wrapped to hold a call).</param>
    public static async Task<ServiceProvider> StartAsync(AzuriteFixture azurite, Action<IServiceCollection>? replace, params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["PersonalData:EncryptionKey"] = TestData.NewKey(),
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddLiuhuCore(configuration).AddLiuhuMatching();
        replace?.Invoke(services);
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<StorageClients>().EnsureCreatedAsync(CancellationToken.None);
        return provider;
    }
}
