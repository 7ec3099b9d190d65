using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;

namespace Liuhu.Matching.Features;

/// <summary>A post with what matching needs computed once: its major requirement as parsed (classes widened by
/// the 高职↔本科 crosswalk and by discipline-level forms such as 理工科), canonical skills, and the skills its
/// title and description mention.</summary>
public sealed class PostProfile
{
    private static readonly string[] HousingWords = ["公寓", "住房", "宿舍", "住宿", "食宿", "人才房", "安家", "租房补贴"];

    public PostProfile(Vacancy vacancy, MajorCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(vacancy);
        ArgumentNullException.ThrowIfNull(catalog);
        Vacancy = vacancy;
        Requirement = MajorRequirement.Parse(vacancy.Majors, catalog);
        MajorsUnrestricted = Requirement.IsOpen;
        MajorCodes = Requirement.IsOpen ? [] : Requirement.Codes.ToHashSet(StringComparer.Ordinal);
        var classes = Requirement.IsOpen ? [] : Requirement.Classes.Concat(MajorCodes.Select(MajorCatalog.Class))
            .Concat(Requirement.Disciplines.SelectMany(catalog.ClassesOf)).ToHashSet(StringComparer.Ordinal);
        classes.UnionWith(classes.SelectMany(catalog.Crosswalk).ToList());
        MajorClasses = classes;
        MajorDisciplines = classes.Select(MajorCatalog.Discipline).Concat(Requirement.IsOpen ? [] : Requirement.Disciplines).ToHashSet(StringComparer.Ordinal);
        MajorBigrams = Requirement.IsOpen ? [] : MajorCodes.Select(c => (HashSet<string>)new MajorTerms(catalog.NameOf(c), c))
            .Concat(Requirement.Unrecognised.Select(t => new MajorTerms(t, null))).ToList();

        TextSkills = SkillTaxonomy.Default.Segment(vacancy.Title).Concat(SkillTaxonomy.Default.Segment(vacancy.Description)).Distinct(StringComparer.Ordinal).ToList();
        var listed = vacancy.Skills.Select(s => (Features.Skills.Canonical(s), TextSimilarity.Bigrams(s), s)).ToList();

        // A post that lists no skills is held to those its title and description name.
        Skills = listed.Count > 0 ? listed
            : TextSkills.Select(id => (id, TextSimilarity.Bigrams(id), SkillTaxonomy.Default.Find(id)!.Chinese)).ToList();
        OffersHousing = vacancy.Benefits.Any(b => HousingWords.Any(w => b.Contains(w, StringComparison.Ordinal)));

        // GB 32100: a leading 1 is a government body or public institution (机关、事业单位).
        IsPublicEmployer = vacancy.EmployerCreditCode.StartsWith('1') || vacancy.Cluster == "public";
        IsTraineeship = vacancy.Title.Contains("见习", StringComparison.Ordinal);
    }

    public Vacancy Vacancy { get; }

    public bool MajorsUnrestricted { get; }

    public HashSet<string> MajorCodes { get; }

    public HashSet<string> MajorClasses { get; }

    public HashSet<string> MajorDisciplines { get; }

    public IReadOnlyList<HashSet<string>> MajorBigrams { get; }

    public IReadOnlyList<(string Canonical, HashSet<string> Bigrams, string Text)> Skills { get; }

    /// <summary>Skills the title and description mention (by the taxonomy's segmenter), for retrieval.</summary>
    public IReadOnlyList<string> TextSkills { get; }

    public MajorRequirement Requirement { get; }

    /// <summary>A 见习 (traineeship) post: open to graduates still finding their feet.</summary>
    public bool IsTraineeship { get; }

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
        MajorCode = graduate.MajorCode is { Length: > 0 } code ? code : catalog.CodeOf(graduate.Major, graduate.Degree);
        MajorBigrams = new MajorTerms(graduate.Major, MajorCode);
        Skills = graduate.Skills.Concat(graduate.Certificates).SelectMany(Features.Skills.Expand).Distinct(StringComparer.Ordinal)
            .Select(s => (s, TextSimilarity.Bigrams(s))).ToList();
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
