using System.Diagnostics;
using System.Globalization;
using Liuhu.Testing;

namespace Liuhu.Core.Tests.Testing;

/// <summary>The preload every test Azurite runs with: a node whose starter is gone must exit by itself. Shown on a
/// bare node (not a whole Azurite) started in the background by a shell that then exits, and beside it the same
/// node without the preload, which lives on: so the test fails if the preload stops working.</summary>
public sealed class AzuriteProcessTests
{
    [Fact]
    public async Task ExitWithParent_StarterGone_NodeExitsAndOneWithoutItLivesOn()
    {
        var watch = Path.Combine(AzuriteProcess.RepositoryRoot(), "tests", "Shared", "exit-with-parent.js");
        var watched = StartOrphan($"-r \"{watch}\"");
        var unwatched = StartOrphan("");
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (IsAlive(watched) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            Assert.False(IsAlive(watched));
            Assert.True(IsAlive(unwatched));
        }
        finally
        {
            foreach (var pid in new[] { watched, unwatched }.Where(IsAlive))
            {
                Process.GetProcessById(pid).Kill();
            }
        }
    }

    /// <summary>A node that would run for a minute, started by a shell that exits at once, so it is re-parented.</summary>
    private static int StartOrphan(string nodeOptions)
    {
        var start = new ProcessStartInfo("sh", ["-c", $"LIUHU_PARENT_PID=$$ node {nodeOptions} -e 'setTimeout(() => {{}}, 60000)' >/dev/null 2>&1 & echo $!"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var shell = Process.Start(start)!;
        var pid = int.Parse(shell.StandardOutput.ReadLine()!, CultureInfo.InvariantCulture);
        shell.WaitForExit();
        return pid;
    }

    private static bool IsAlive(int pid) =>
        File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].StartsWith('Z');
}
