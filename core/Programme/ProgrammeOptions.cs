using System.ComponentModel.DataAnnotations;

namespace Liuhu.Core.Programme;

/// <summary>The 2024 programme's targets (呼政发〔2024〕1号): configuration, not code, so next year's plan is a
/// settings change.</summary>
public sealed class ProgrammeOptions
{
    public const string SectionName = "Programme";

    [Range(1, 10_000_000)]
    public int Goal { get; set; } = 50_000;

    [Range(1, 10_000_000)]
    public int Stretch { get; set; } = 60_000;

    /// <summary>Jobs from the six manufacturing clusters' lead firms (1.5万人以上).</summary>
    [Range(0, 10_000_000)]
    public int ManufacturingTarget { get; set; } = 15_000;

    /// <summary>Jobs from services and new business forms (3万人以上).</summary>
    [Range(0, 10_000_000)]
    public int ServicesTarget { get; set; } = 30_000;

    /// <summary>Graduates in grassroots programmes (public posts).</summary>
    [Range(0, 10_000_000)]
    public int GrassrootsTarget { get; set; } = 4_000;

    /// <summary>Employment rate for graduates who left school unemployed.</summary>
    [Range(0.0, 1.0)]
    public double LeftSchoolUnemployedRateTarget { get; set; } = 0.9;
}
