using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;

namespace Liuhu.Matching.Features;

/// <summary>A post with what matching needs computed once: its major requirement as parsed (classes widened by
/// the 高职↔本科 crosswalk and by discipline-level forms such as 理工科), canonical skills, and the skills its
/// title and description mention.</summary>
public sealed class PostProfile
{
    public PostProfile(Vacancy vacancy, MajorCatalog catalog)
        : this(vacancy, catalog, MajorRequirement.Parse(Checked(vacancy).Majors, catalog),
            SkillTaxonomy.Default.Segment(vacancy.Title).Concat(SkillTaxonomy.Default.Segment(vacancy.Description)).Distinct(StringComparer.Ordinal).ToList())
    {
    }

    /// <summary>A profile from the parts that cost most to derive (the parsed requirement, the skills the text
    /// mentions), as a serving snapshot stored them; the rest is derived as the other constructor does.</summary>
    public PostProfile(Vacancy vacancy, MajorCatalog catalog, MajorRequirement requirement, IReadOnlyList<string> textSkills)
    {
        ArgumentNullException.ThrowIfNull(vacancy);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(requirement);
        ArgumentNullException.ThrowIfNull(textSkills);
        Vacancy = vacancy;
        Requirement = requirement;
        MajorsUnrestricted = Requirement.IsOpen;
        MajorCodes = Requirement.IsOpen ? [] : Requirement.Codes.ToHashSet(StringComparer.Ordinal);
        var classes = Requirement.IsOpen ? [] : Requirement.Classes.Concat(MajorCodes.Select(MajorCatalog.Class))
            .Concat(Requirement.Disciplines.SelectMany(catalog.ClassesOf)).ToHashSet(StringComparer.Ordinal);
        classes.UnionWith(classes.SelectMany(catalog.Crosswalk).ToList());
        MajorClasses = classes;
        MajorDisciplines = classes.Select(MajorCatalog.Discipline).Concat(Requirement.IsOpen ? [] : Requirement.Disciplines).ToHashSet(StringComparer.Ordinal);
        MajorBigrams = Requirement.IsOpen ? [] : MajorCodes.Select(c => (HashSet<string>)new MajorTerms(catalog.NameOf(c), c))
            .Concat(Requirement.Unrecognised.Select(t => new MajorTerms(t, null))).ToList();

        TextSkills = textSkills;
        var listed = vacancy.Skills.Select(s => (Features.Skills.Canonical(s), TextSimilarity.Bigrams(s), s)).ToList();

        // A post that lists no skills is held to those its title and description name.
        Skills = listed.Count > 0 ? listed
            : TextSkills.Select(id => (id, TextSimilarity.Bigrams(id), SkillTaxonomy.Default.Find(id)!.Chinese)).ToList();
        BenefitKinds = Core.Domain.Benefits.Classify(vacancy.Benefits);
        OffersHousing = BenefitKinds.Any(Core.Domain.Benefits.IsHousing);

        // GB 32100: a leading 1 is a government body or public institution (机关、事业单位).
        IsPublicEmployer = vacancy.EmployerCreditCode.StartsWith('1') || vacancy.Cluster == "public";
        IsTraineeship = vacancy.Title.Contains("见习", StringComparison.Ordinal);
    }

    public Vacancy Vacancy { get; }

    public bool MajorsUnrestricted { get; }

    private static Vacancy Checked(Vacancy vacancy) => vacancy ?? throw new ArgumentNullException(nameof(vacancy));

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

    /// <summary>The post's parts the served feature computation reads (<see cref="PairFeatures.Write"/>), derived
    /// on first use; the index derives them for every post when it is built, so no request pays for them.</summary>
    public PostFeatureParts FeatureParts => featureParts ??= new PostFeatureParts(this);

    private PostFeatureParts? featureParts;

    /// <summary>Derives <see cref="FeatureParts"/> now (if not yet), sharing skill parts with the other posts of an index.</summary>
    internal void PrepareFeatureParts(Dictionary<(string Canonical, string Text), PostSkillPart> sharedSkills) =>
        featureParts ??= new PostFeatureParts(this, sharedSkills);
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

    /// <summary>The graduate's parts the served feature computation reads, derived on first use (once per request,
    /// or once per cached pool on the employer side).</summary>
    public SeekerFeatureParts FeatureParts => featureParts ??= new SeekerFeatureParts(this);

    private SeekerFeatureParts? featureParts;
}
