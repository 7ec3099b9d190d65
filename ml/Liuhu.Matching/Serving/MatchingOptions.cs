using System.ComponentModel.DataAnnotations;

namespace Liuhu.Matching.Serving;

public sealed class MatchingOptions : IValidatableObject
{
    public const string SectionName = "Matching";

    /// <summary>Candidates the first stage passes to the model (default 300).</summary>
    [Range(10, 100_000)]
    public int CandidateLimit { get; set; } = 300;

    /// <summary>How strongly a post with far more applications than openings is pushed down (0 turns it off).</summary>
    [Range(0, 10)]
    public double ExposurePenalty { get; set; } = 0.5;

    /// <summary>Applications per opening above which the penalty starts (default 3).</summary>
    [Range(1, 1000)]
    public double ExposureThreshold { get; set; } = 3;

    /// <summary>How old the in-memory index of open posts may get before the posts written since are read and
    /// applied to it, in the background (seconds; 0: rebuilt from the tables for every request, for tests).</summary>
    [Range(0, 86_400)]
    public int IndexRefreshSeconds { get; set; } = 60;

    /// <summary>How old the posts' application counts may get before the index is rebuilt from every post and
    /// outcome, in the background (seconds, default 15 minutes; 0: at every refresh). Between rebuilds a refresh
    /// costs one query for the posts written since the last, and nothing more when there were none.</summary>
    [Range(0, 86_400)]
    public int FullRebuildSeconds { get; set; } = 900;

    /// <summary>Whether a new instance starts from the index snapshot (default) or scans the tables; off only to
    /// compare the two or to step past a snapshot suspected of being wrong (one that does not read back is
    /// already scanned past).</summary>
    public bool LoadIndexSnapshot { get; set; } = true;

    /// <summary>How often an instance looks for a newly promoted model (seconds); no restart needed.</summary>
    [Range(0, 86_400)]
    public int ModelRefreshSeconds { get; set; } = 30;

    /// <summary>Impressions waiting to be written at most (default 10,000); beyond it they are dropped and counted,
    /// so a slow table never makes a match response wait or the queue grow without bound.</summary>
    [Range(1, 1_000_000)]
    public int ImpressionQueueCapacity { get; set; } = 10_000;

    /// <summary>How long the impression writer waits for more impressions before writing a batch that is not full
    /// (milliseconds, default 200): the most a crash can lose beyond the queue's backlog; 0 writes what is there at once.</summary>
    [Range(0, 10_000)]
    public int ImpressionBatchMilliseconds { get; set; } = 200;

    /// <summary>Graduates with at least one application needed before a model is trained (cold start below).</summary>
    [Range(1, 1_000_000)]
    public int MinimumTrainingGroups { get; set; } = 30;

    /// <summary>Positions of a graduate's list given to posts drawn at random from just below it (<see cref="Exploration"/>),
    /// so that a challenger can be judged off-policy; 0 turns exploration off. Never in employer views.</summary>
    [Range(0, 5)]
    public int ExplorationSlots { get; set; }

    /// <summary>The first positions among which the explored slots are placed (default 10).</summary>
    [Range(1, 100)]
    public int ExplorationDepth { get; set; } = 10;

    /// <summary>How many posts ranked just below the list the explored posts are drawn from (default 50).</summary>
    [Range(2, 1_000)]
    public int ExplorationPool { get; set; } = 50;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ExplorationSlots > 0 && ExplorationPool <= ExplorationSlots)
        {
            yield return new ValidationResult($"ExplorationPool ({ExplorationPool}) must exceed ExplorationSlots ({ExplorationSlots}).", [nameof(ExplorationPool)]);
        }
    }
}
