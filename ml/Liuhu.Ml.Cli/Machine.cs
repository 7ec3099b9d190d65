namespace Liuhu.Ml.Cli;

/// <summary>What every benchmark prints beside its figures, so that a run on a busy machine reads as one.</summary>
internal static class Machine
{
    /// <summary>The one-minute load average (Linux), or "?" where there is none.</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
