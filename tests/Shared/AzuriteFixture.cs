using Xunit;

namespace Liuhu.Testing;

/// <summary>An <see cref="AzuriteProcess"/> for xunit: started before the tests that share it, stopped after.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private readonly AzuriteProcess process;

    public AzuriteFixture()
        : this(null)
    {
    }

    private AzuriteFixture(string? location) => process = new AzuriteProcess(location);

    public string ConnectionString => process.ConnectionString;

    /// <summary>An Azurite that keeps its data in <paramref name="location"/>, so it survives a restart.</summary>
    public static AzuriteFixture Persistent(string location) => new(location);

    public static string RepositoryRoot() => AzuriteProcess.RepositoryRoot();

    public Task InitializeAsync() => process.StartAsync();

    public Task DisposeAsync()
    {
        process.Stop();
        return Task.CompletedTask;
    }

    public Task StartAsync() => process.StartAsync();

    public void Stop() => process.Stop();

    public void StopGracefully() => process.StopGracefully();
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "azurite";
}
