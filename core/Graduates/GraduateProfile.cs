using System.Text.Json.Serialization;
using Liuhu.Core.Domain;

namespace Liuhu.Core.Graduates;

[JsonConverter(typeof(JsonStringEnumConverter<Residency>))]
public enum Residency
{
    [JsonStringEnumMemberName("hohhot_hukou")]
    HohhotHukou,

    [JsonStringEnumMemberName("hohhot_resident")]
    HohhotResident,

    [JsonStringEnumMemberName("external")]
    External,
}

public sealed record Consent(bool Matching, bool ShareWithEmployers);

/// <summary>A graduate's profile. <see cref="Name"/>, <see cref="Phone"/>, <see cref="Gender"/> and
/// <see cref="Ethnicity"/> are personal data: encrypted at rest, never logged, never listed, erasable.
/// Gender and ethnicity are kept only for fairness audits and are never used to rank.</summary>
public sealed record GraduateProfile
{
    public required string GraduateId { get; init; }

    public string? Name { get; init; }

    public string? Phone { get; init; }

    public Degree Degree { get; init; }

    public string? Major { get; init; }

    public string? MajorCode { get; init; }

    public string? University { get; init; }

    public int? GraduationYear { get; init; }

    public IReadOnlyList<string> Skills { get; init; } = [];

    public IReadOnlyList<string> Certificates { get; init; } = [];

    /// <summary>Cluster codes (see <see cref="Clusters"/>).</summary>
    public IReadOnlyList<string> PreferredClusters { get; init; } = [];

    /// <summary>District codes (see <see cref="Districts"/>).</summary>
    public IReadOnlyList<string> PreferredDistricts { get; init; } = [];

    public int? ExpectedSalary { get; init; }

    public Residency? Residency { get; init; }

    public bool LeftSchoolUnemployed { get; init; }

    public required Consent Consent { get; init; }

    public string? Gender { get; init; }

    public string? Ethnicity { get; init; }

    /// <summary>Where the profile came from: "api" or the id of the graduate ledger.</summary>
    public string Source { get; init; } = "api";

    public DateTimeOffset UpdatedAt { get; init; }
}
