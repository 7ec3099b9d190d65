using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Liuhu.Benchmarks;

/// <summary>An in-memory Azurite from the repository's node_modules, on free ports, for one benchmark run.</summary>
internal sealed class LocalAzurite : IDisposable
{
    private readonly Process process;

    private LocalAzurite(Process process, int blob, int queue, int table)
    {
        this.process = process;
        ConnectionString = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            $"BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";
    }

    public string ConnectionString { get; }

    public static async Task<LocalAzurite> StartAsync(string repositoryRoot)
    {
        int blob = FreePort(), queue = FreePort(), table = FreePort();
        var script = Path.Combine(repositoryRoot, "node_modules", "azurite", "dist", "src", "azurite.js");
        var process = Process.Start(new ProcessStartInfo("node",
            $"\"{script}\" --inMemoryPersistence --silent --skipApiVersionCheck --loose --blobPort {blob} --queuePort {queue} --tablePort {table}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        foreach (var port in new[] { blob, queue, table })
        {
            for (var i = 0; !await CanConnectAsync(port); i++)
            {
                if (i > 300)
                {
                    throw new InvalidOperationException("Azurite did not start.");
                }

                await Task.Delay(100);
            }
        }

        return new LocalAzurite(process, blob, queue, table);
    }

    public void Dispose()
    {
        process.Kill(entireProcessTree: true);
        process.Dispose();
    }

    private static async Task<bool> CanConnectAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
