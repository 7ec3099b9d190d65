namespace Liuhu.Core.Fairs;

/// <summary>What a fair brought: posts linked to it, their headcount, and the applications and hires reported
/// for those posts from the fair's first day to <see cref="FairOptions.AttributionDays"/> after its last (each graduate
/// and post counted once per event kind, at its first such event). A post linked to two fairs counts in both, each in its own window.</summary>
public sealed record FairCounts(int Posts, long Headcount, int Applications, int Hires)
{
    public static readonly FairCounts None = new(0, 0, 0, 0);
}
