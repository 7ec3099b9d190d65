using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;

namespace Liuhu.Matching.Features;

/// <summary>A post with what matching needs computed once: major codes, bigrams, canonical skills.</summary>
public sealed class PostProfile
{
    private static readonly string[] HousingWords = ["公寓", "住房", "宿舍", "住宿", "食宿", "人才房", "安家", "租房补贴"];

    public PostProfile(Vacancy vacancy, MajorCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(vacancy);
        ArgumentNullException.ThrowIfNull(catalog);
        Vacancy = vacancy;
        var majors = MajorCatalog.Restricting(vacancy.Majors);
        MajorsUnrestricted = majors.Count == 0;
        MajorCodes = majors.Select(catalog.CodeOf).OfType<string>().ToHashSet(StringComparer.Ordinal);
        MajorClasses = MajorCodes.Select(MajorCatalog.Class).ToHashSet(StringComparer.Ordinal);
        MajorDisciplines = MajorCodes.Select(MajorCatalog.Discipline).ToHashSet(StringComparer.Ordinal);
        MajorBigrams = majors.Select(TextSimilarity.Bigrams).ToList();
        Skills = vacancy.Skills.Select(s => (Features.Skills.Canonical(s), TextSimilarity.Bigrams(s), s)).ToList();
        OffersHousing = vacancy.Benefits.Any(b => HousingWords.Any(w => b.Contains(w, StringComparison.Ordinal)));

        // GB 32100: a leading 1 is a government body or public institution (机关、事业单位).
        IsPublicEmployer = vacancy.EmployerCreditCode.StartsWith('1') || vacancy.Cluster == "public";
    }

    public Vacancy Vacancy { get; }

    public bool MajorsUnrestricted { get; }

    public HashSet<string> MajorCodes { get; }

    public HashSet<string> MajorClasses { get; }

    public HashSet<string> MajorDisciplines { get; }

    public IReadOnlyList<HashSet<string>> MajorBigrams { get; }

    public IReadOnlyList<(string Canonical, HashSet<string> Bigrams, string Text)> Skills { get; }

    public bool OffersHousing { get; }

    public bool IsPublicEmployer { get; }

    /// <summary>Applications reported so far (from outcomes); read by the competition feature.</summary>
    public int Applications { get; set; }
}

/// <summary>A graduate with what matching needs computed once. Gender and ethnicity are not carried over:
/// nothing downstream of this type can use them.</summary>
public sealed class SeekerProfile
{
    public SeekerProfile(GraduateProfile graduate, MajorCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(graduate);
        ArgumentNullException.ThrowIfNull(catalog);
        GraduateId = graduate.GraduateId;
        Degree = graduate.Degree;
        MajorCode = graduate.MajorCode is { Length: > 0 } code ? code : catalog.CodeOf(graduate.Major);
        MajorBigrams = TextSimilarity.Bigrams(graduate.Major);
        Skills = graduate.Skills.Concat(graduate.Certificates).Select(s => (Features.Skills.Canonical(s), TextSimilarity.Bigrams(s))).ToList();
        PreferredClusters = graduate.PreferredClusters.ToHashSet(StringComparer.Ordinal);
        PreferredDistricts = graduate.PreferredDistricts.ToHashSet(StringComparer.Ordinal);
        ExpectedSalary = graduate.ExpectedSalary;
        IsExternal = graduate.Residency == Residency.External;
        LeftSchoolUnemployed = graduate.LeftSchoolUnemployed;
    }

    public string GraduateId { get; }

    public Degree Degree { get; }

    public string? MajorCode { get; }

    public HashSet<string> MajorBigrams { get; }

    public IReadOnlyList<(string Canonical, HashSet<string> Bigrams)> Skills { get; }

    public HashSet<string> PreferredClusters { get; }

    public HashSet<string> PreferredDistricts { get; }

    public int? ExpectedSalary { get; }

    public bool IsExternal { get; }

    public bool LeftSchoolUnemployed { get; }
}
