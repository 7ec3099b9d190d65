using System.ComponentModel.DataAnnotations;

namespace Liuhu.Core.Programme;

/// <summary>The 2024 programme's targets (呼政发〔2024〕1号): configuration, not code, so next year's plan is a
/// settings change.</summary>
public sealed class ProgrammeOptions
{
    public const string SectionName = "Programme";

    /// <summary>The programme year: employment dated within it (Beijing time) counts, and activity figures entered
    /// for its months.</summary>
    [Range(2020, 2100)]
    public int Year { get; set; } = 2024;

    /// <summary>Rows a 就业去向 file may hold: it is read and recorded within the request (a university's year
    /// is a few thousand graduates), so it is bounded below the ledgers' limit.</summary>
    [Range(1, 100_000)]
    public int MaxEmploymentRows { get; set; } = 20_000;

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
