namespace Liuhu.Ml.Cli;

/// <summary>A one-line progress bar on stderr, so stdout stays clean for figures.</summary>
public sealed class ProgressBar(string label) : IProgress<double>
{
    private int lastPercent = -1;

    public void Report(double value)
    {
        var percent = (int)Math.Clamp(value * 100, 0, 100);
        if (percent == lastPercent)
        {
            return;
        }

        lastPercent = percent;
        var filled = percent / 4;
        Console.Error.Write($"\r{label,-22} [{new string('#', filled)}{new string('.', 25 - filled)}] {percent,3}%");
        if (percent == 100)
        {
            Console.Error.WriteLine();
        }
    }
}
