using System.ComponentModel.DataAnnotations;

namespace Liuhu.Core.Fairs;

/// <summary>Bounds of the fair endpoints (section <c>Fairs</c>).</summary>
public sealed class FairOptions
{
    public const string SectionName = "Fairs";

    /// <summary>How long per-fair counts are reused. They come from a scan of linked posts and of outcomes, so
    /// anonymous calendar traffic must not cause one per request; a minute old is fresh enough for a fair's page.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan CountsFor { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many days after a fair ends its posts' applications and hires still count for it. A fair's
    /// figures are what it brought: an application made months before it, or a year after, is not its doing.
    /// Counted from the fair's first day to this many days after its last (Beijing dates).</summary>
    [Range(0, 366)]
    public int AttributionDays { get; set; } = 30;

    /// <summary>The widest window one calendar or report request may ask for.</summary>
    [Range(1, 3660)]
    public int MaxWindowDays { get; set; } = 400;

    /// <summary>The most fairs one calendar window may hold; a window with more is refused (ask for a narrower one).
    /// The plan has about a hundred fairs a year.</summary>
    [Range(10, 100_000)]
    public int MaxFairsPerWindow { get; set; } = 2_000;
}
