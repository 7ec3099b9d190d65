using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace Liuhu.Infra.Tests;

/// <summary>The real Bicep CLI (from the Azure.Bicep.CommandLine NuGet package) and the repository it runs on.</summary>
internal static class BicepCli
{
    public static readonly string Root = FindRoot();

    public static readonly string MainBicep = Path.Combine(Root, "infra", "main.bicep");

    private static readonly Lazy<JsonElement> CompiledMain = new(() => Build(MainBicep));

    /// <summary>infra/main.bicep compiled to ARM JSON.</summary>
    public static JsonElement Main => CompiledMain.Value;

    public static JsonElement Build(string path)
    {
        var build = Run("build", path, "--stdout");
        Assert.True(build.ExitCode == 0, build.Error);
        return JsonDocument.Parse(build.Output).RootElement;
    }

    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var bicep = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value!;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(bicep, File.GetUnixFileMode(bicep) | UnixFileMode.UserExecute);
        }

        var start = new ProcessStartInfo(bicep) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["BICEP_TRACING_ENABLED"] = "false";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "azure.yaml")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root (azure.yaml) not found.");
    }
}
