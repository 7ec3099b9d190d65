using System.ComponentModel.DataAnnotations;

namespace Liuhu.Core.Programme;

/// <summary>How the stored progress document is kept fresh and served. The rebuild schedule itself is the
/// host setting <c>ProgressSchedule</c> (NCRONTAB, every 5 minutes by default), read by the timer trigger.</summary>
public sealed class ProgressOptions
{
    public const string SectionName = "Progress";

    /// <summary>How long an instance serves the document from memory before reading the stored one again.</summary>
    [Range(0, 3600)]
    public int CacheSeconds { get; set; } = 15;

    /// <summary>After a change (outcomes, a ledger, a graduate), the rebuild waits this long, so that a burst of
    /// changes costs one rebuild; further change requests from this instance within it are not sent.</summary>
    [Range(0, 3600)]
    public int DebounceSeconds { get; set; } = 30;

    /// <summary>The timer rebuilds figures at least this old even when nothing changed (the month, the days left and
    /// the programme-year cut-offs move with the date); younger ones only after a change.</summary>
    [Range(1, 1440)]
    public int MaxAgeMinutes { get; set; } = 60;
}
