using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Liuhu.Testing;

/// <summary>A real Azurite (from the repository's node_modules), on free ports, in memory unless a folder
/// is given. It can be stopped and started again on the same ports to test outages. Used by the test fixtures
/// and the benchmark, so neither needs anything installed by hand.</summary>
public sealed class AzuriteProcess : IDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly string? location;
    private Process? process;

    public AzuriteProcess(string? location = null)
    {
        this.location = location;
        BlobPort = FreePort();
        QueuePort = FreePort();
        TablePort = FreePort();
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    /// <summary>The CPU Azurite has used so far: benchmarks that share the machine with it report it beside their own.</summary>
    public TimeSpan ProcessorTime => process is { HasExited: false } ? process.TotalProcessorTime : TimeSpan.Zero;

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "host.json")) && File.Exists(Path.Combine(dir.FullName, "package.json")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root (with host.json and package.json) not found above " + AppContext.BaseDirectory);
    }

    public void Dispose() => Stop();

    public async Task StartAsync()
    {
        var script = Path.Combine(RepositoryRoot(), "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException("Azurite is not installed: run ./test.sh (it runs npm ci), or npm ci at the repository root.");
        }

        var storage = location is null ? "--inMemoryPersistence" : $"--location \"{location}\"";
        var watch = Path.Combine(RepositoryRoot(), "tests", "Shared", "exit-with-parent.js");
        var start = new ProcessStartInfo("node",
            $"-r \"{watch}\" \"{script}\" {storage} --silent --skipApiVersionCheck --loose --disableProductStyleUrl --disableTelemetry " +
            $"--blobHost 127.0.0.1 --blobPort {BlobPort} --queueHost 127.0.0.1 --queuePort {QueuePort} --tableHost 127.0.0.1 --tablePort {TablePort}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["LIUHU_PARENT_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        foreach (var port in new[] { BlobPort, QueuePort, TablePort })
        {
            while (!await CanConnectAsync(port))
            {
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"Azurite did not open port {port}.");
                }

                await Task.Delay(100);
            }
        }
    }

    /// <summary>Stops as an operator would (SIGTERM): Azurite closes its ports and saves its metadata, which
    /// with a data folder it otherwise saves only every 5 s. Killed if it has not exited within 30 s.</summary>
    public void StopGracefully()
    {
        if (process is { HasExited: false })
        {
            using var signal = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            signal.WaitForExit();
            process.WaitForExit(30_000);
        }

        Stop();
    }

    public void Stop()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        process?.Dispose();
        process = null;
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
