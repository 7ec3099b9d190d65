using System.Net.Http.Json;
using Liuhu.DevHost;
using Liuhu.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Liuhu.DevHost.Tests;

/// <summary>The dev host serving real HTTP on a free port, against its own in-memory Azurite. Queue retries
/// are made quick (host.json's other settings stay as shipped) so poison handling can be seen in a test.</summary>
public class DevHostFixture : IAsyncLifetime
{
    public DevHostFixture()
        : this(new AzuriteFixture())
    {
    }

    protected DevHostFixture(AzuriteFixture azurite) => Azurite = azurite;

    public const long MaxUploadBytes = 2 * 1024 * 1024;

    public const int RateLimitPerMinute = 50;

    /// <summary>The month that ended last, and its year as the programme year: so that employment dated in it
    /// counts and the month can be closed, in any month of the year (January included).</summary>
    public static Liuhu.Core.Catalogues.Period ProgrammeMonth { get; } = Liuhu.Core.Catalogues.Period.Of(DateTimeOffset.UtcNow).Previous;

    public AzuriteFixture Azurite { get; }

    public WebApplication App { get; private set; } = null!;

    /// <summary>Authenticated as the city HR bureau, which may call every route: what most tests need.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>No credential at all.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    public string BootstrapKey { get; } = "bootstrap-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Where links the API builds must point, whatever Host header a request carries.</summary>
    public const string PublicBaseUrl = "https://api.liuhu.example";

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
                ["Access:BootstrapBureauKey"] = BootstrapKey,
                ["Access:CredentialCacheSeconds"] = "0",
                ["Api:PublicBaseUrl"] = PublicBaseUrl,
                ["RateLimit:CredentialPermitsPerWindow"] = "1000000",
                ["Progress:CacheSeconds"] = "0",
                ["Progress:DebounceSeconds"] = "1",
                ["Fairs:CountsFor"] = "00:00:00",
                ["Programme:Year"] = ProgrammeMonth.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
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
        BaseAddress = new Uri(address);
        Client = NewClient(BootstrapKey);
        Anonymous = NewClient(null);
    }

    public HttpClient NewClient(string? apiKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    /// <summary>Registers an organisation through the bureau's endpoints and returns a client with a fresh credential of its own.</summary>
    public async Task<OrganisationClient> OrganisationAsync(string kind, string code, string? name = null)
    {
        var registered = await Client.PostAsJsonAsync("/api/manage/organisations", new { kind, code, name = name ?? $"{kind} {code}" });
        Assert.Equal(System.Net.HttpStatusCode.Created, registered.StatusCode);
        var organisationId = (await registered.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("organisationId").GetString()!;
        var issued = await Client.PostAsync($"/api/manage/organisations/{organisationId}/credentials", null);
        Assert.Equal(System.Net.HttpStatusCode.Created, issued.StatusCode);
        var credential = await issued.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return new OrganisationClient(organisationId, code, credential.GetProperty("credentialId").GetString()!, NewClient(credential.GetProperty("apiKey").GetString()!));
    }

    public virtual async Task DisposeAsync()
    {
        Client.Dispose();
        Anonymous.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}

/// <summary>An organisation's own client: its id, tenant code and credential id (never the secret).</summary>
public sealed record OrganisationClient(string OrganisationId, string Code, string CredentialId, HttpClient Http);

[CollectionDefinition(Name)]
public sealed class DevHostCollection : ICollectionFixture<DevHostFixture>
{
    public const string Name = "devhost";
}
