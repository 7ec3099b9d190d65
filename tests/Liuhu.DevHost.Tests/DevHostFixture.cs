using Liuhu.DevHost;
using Liuhu.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Liuhu.DevHost.Tests;

/// <summary>The dev host serving real HTTP on a free port, against its own in-memory Azurite. Queue retries
/// are made quick (host.json's other settings stay as shipped) so poison handling can be seen in a test.</summary>
public sealed class DevHostFixture : IAsyncLifetime
{
    public const long MaxUploadBytes = 2 * 1024 * 1024;

    public const int RateLimitPerMinute = 50;

    public AzuriteFixture Azurite { get; } = new();

    public WebApplication App { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        App = DevHostApp.Build(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = Azurite.ConnectionString,
                ["PersonalData:EncryptionKey"] = TestData.NewKey(),
                ["Ledgers:MaxUploadBytes"] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Logging:LogLevel:Default"] = "Warning",
                ["Matching:IndexRefreshSeconds"] = "0",
                ["Matching:ModelRefreshSeconds"] = "0",
                ["RateLimit:PermitsPerWindow"] = RateLimitPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Cors:AllowedOrigins:0"] = "https://jobs.example.org",
            });
            var shipped = HostJson.Load(Path.Combine(AppContext.BaseDirectory, "host.json"));
            builder.Services.Replace(ServiceDescriptor.Singleton(shipped with
            {
                MaxDequeueCount = 3,
                VisibilityTimeout = TimeSpan.Zero,
                MaxPollingInterval = TimeSpan.FromMilliseconds(200),
            }));
        });
        await App.StartAsync();
        var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class DevHostCollection : ICollectionFixture<DevHostFixture>
{
    public const string Name = "devhost";
}
