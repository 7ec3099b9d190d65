using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;

namespace Liuhu.Matching.Features;

/// <summary>A post with what matching needs computed once: major codes, bigrams, canonical skills.</summary>
public sealed class PostProfile
{
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
        BenefitKinds = Core.Domain.Benefits.Classify(vacancy.Benefits);
        OffersHousing = BenefitKinds.Any(Core.Domain.Benefits.IsHousing);

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

    /// <summary>What the post offers, as distinct kinds (人才公寓 is not 员工宿舍).</summary>
    public IReadOnlySet<BenefitKind> BenefitKinds { get; }

    public bool IsPublicEmployer { get; }

    /// <summary>Applications reported so far (from outcomes); read by the competition feature.</summary>
    public int Applications { get; set; }

    /// <summary>Hires reported so far (from outcomes): the openings left are the headcount less these.</summary>
    public int Hires { get; set; }

    /// <summary>How much more often than average graduates shown this employer's posts applied, shrunk towards 0.</summary>
    public float EmployerEffect { get; set; }

    /// <summary>The same for this post alone, shrunk harder (fewer impressions).</summary>
    public float PostEffect { get; set; }

    public int RemainingOpenings => Math.Max(0, Vacancy.Headcount - Hires);

    /// <summary>What serving knows of the post now; training passes what was known when the pair was shown.</summary>
    public PostStats Live => new(Applications, Hires, EmployerEffect, PostEffect);
}

/// <summary>What outcomes say about a post at one moment: the inputs that change over time, so that training
/// can pass them as they were when the post was shown and not as they are when the model is trained.</summary>
public readonly record struct PostStats(int Applications, int Hires, float EmployerEffect, float PostEffect);

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
