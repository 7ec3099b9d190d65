using Liuhu.Core.Domain;

namespace Liuhu.Matching.Features;

/// <summary>Character bigrams (<see cref="TextSimilarity.Bigrams"/>) as sorted numbers, and the overlap
/// coefficient over them: the same value as <see cref="TextSimilarity.Overlap"/> on the sets they come from,
/// without hashing a string per bigram.</summary>
internal static class BigramCodes
{
    /// <summary>A two-character bigram is both UTF-16 units and a marker bit; a lone character (a one-character
    /// text) is the unit alone, so no text can make the two collide.</summary>
    public static long[] Of(HashSet<string> bigrams)
    {
        var codes = new long[bigrams.Count];
        var i = 0;
        foreach (var gram in bigrams)
        {
            codes[i++] = gram.Length switch
            {
                1 => gram[0],
                2 => (1L << 32) | ((long)gram[0] << 16) | gram[1],
                _ => throw new ArgumentException($"'{gram}' is not a bigram.", nameof(bigrams)),
            };
        }

        Array.Sort(codes);
        return codes;
    }

    /// <summary>One bit per character (by a hash): a string can contain another, or share a bigram with it, only
    /// if their masks say so, which rules out most pairs of skills without comparing them.</summary>
    public static ulong CharMask(string text)
    {
        var mask = 0UL;
        foreach (var c in text)
        {
            mask |= Bit(c);
        }

        return mask;
    }

    public static ulong CharMask(long[] bigrams)
    {
        var mask = 0UL;
        foreach (var code in bigrams)
        {
            mask |= Bit((char)code) | ((code >> 32) != 0 ? Bit((char)(code >> 16)) : 0);
        }

        return mask;
    }

    private static ulong Bit(char c) => 1UL << (int)((c * 0x9E3779B1u) >> 26);

    /// <summary><see cref="TextSimilarity.Overlap"/>: by code when both sides are catalogued majors, else shared
    /// bigrams over the smaller set, a one-bigram set matching only an equal one.</summary>
    public static float Overlap(long[] a, string? codeA, long[] b, string? codeB)
    {
        if (codeA is not null && codeB is not null)
        {
            return string.Equals(codeA, codeB, StringComparison.OrdinalIgnoreCase) ? 1 : 0;
        }

        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }

        var (small, large) = a.Length <= b.Length ? (a, b) : (b, a);
        if (small.Length == 1)
        {
            return large.Length == 1 && large[0] == small[0] ? 1 : 0;
        }

        var shared = 0;
        var (i, j) = (0, 0);
        while (i < small.Length && j < large.Length)
        {
            var (x, y) = (small[i], large[j]);
            shared += x == y ? 1 : 0;
            i += x <= y ? 1 : 0;
            j += y <= x ? 1 : 0;
        }

        return (float)shared / small.Length;
    }
}

/// <summary>One skill a post asks for, as the served feature computation reads it: the canonical id, its number in
/// the taxonomy (−1 when the taxonomy does not know it) and the bigrams of the text as written.</summary>
internal sealed record PostSkillPart(string Canonical, int TaxonomyIndex, long[] Bigrams, string Text)
{
    public ulong CanonicalChars { get; } = BigramCodes.CharMask(Canonical);

    public ulong BigramChars { get; } = BigramCodes.CharMask(Bigrams);
}

/// <summary>One skill of a graduate: canonical id, taxonomy number (−1 when unknown), bigrams, and the forms the
/// taxonomy says it never equals.</summary>
internal sealed record SeekerSkillPart(string Canonical, int TaxonomyIndex, long[] Bigrams, IReadOnlyList<string> NeverEqual)
{
    public ulong CanonicalChars { get; } = BigramCodes.CharMask(Canonical);

    public ulong BigramChars { get; } = BigramCodes.CharMask(Bigrams);
}

/// <summary>What the served feature computation needs of a post, derived once from its <see cref="PostProfile"/>
/// (when the index is built): every feature that depends on the post alone, in schema order, and the post's
/// majors, skills and pay in forms compared without allocating. Stats (applications, hires, effects) and the
/// post's age change while it is served, so they are read per request.</summary>
public sealed class PostFeatureParts
{
    /// <param name="shared">Skill parts already made for other posts of the same index, by canonical id and text:
    /// an equal part is reused, so a request's memo of which skills the graduate covers hits across posts.</param>
    internal PostFeatureParts(PostProfile post, Dictionary<(string Canonical, string Text), PostSkillPart>? shared = null)
    {
        var v = post.Vacancy;
        var template = PairFeatures.Schema.NewVector();
        template[PairFeatures.MajorsUnrestricted] = post.MajorsUnrestricted ? 1 : 0;
        template[PairFeatures.PostDegree] = (int)v.Degree;
        template[PairFeatures.PostCluster] = PairFeatures.Position(Clusters.All, c => c.Code == v.Cluster);
        template[PairFeatures.PostDistrict] = PairFeatures.Position(Districts.All, d => d.Code == v.District);
        var offered = PairFeatures.MonthlyOffer(v.Salary);
        template[PairFeatures.MonthlyPay] = offered is { } pay ? pay / 1000f : 0;
        foreach (var (kind, feature) in PairFeatures.Offers)
        {
            template[feature] = post.BenefitKinds.Contains(kind) ? 1 : 0;
        }

        template[PairFeatures.PublicEmployer] = post.IsPublicEmployer ? 1 : 0;
        template[PairFeatures.Headcount] = (float)Math.Log(1 + v.Headcount);
        template.SetOneHot(PairFeatures.InDistrict, v.District);
        template.SetOneHot(PairFeatures.InCluster, v.Cluster);
        GraduateTemplate = template.Values;
        (int Index, float Value)[] templateSet = [.. template.Values.Select((value, index) => (index, value)).Where(f => BitConverter.SingleToInt32Bits(f.value) != 0)];
        TemplateCount = templateSet.Length;

        Degree = v.Degree;
        MajorsUnrestricted = post.MajorsUnrestricted;
        MajorCodes = [.. post.MajorCodes];
        MajorClasses = post.MajorClasses;
        MajorDisciplines = post.MajorDisciplines;
        (Packed, CodeKeys, ClassKeys, DisciplineKeys) = Pack(templateSet, CodeKey.All(MajorCodes), CodeKey.All(MajorClasses), CodeKey.All(MajorDisciplines));
        MajorTerms = [.. post.MajorBigrams.Select(b => (BigramCodes.Of(b), (b as MajorTerms)?.Code))];
        Skills = [.. post.Skills.Select(s => Shared(shared, new PostSkillPart(s.Canonical, SkillTaxonomy.Default.IndexOf(s.Canonical), BigramCodes.Of(s.Bigrams), s.Text)))];
        Offered = offered;
        Negotiable = v.Salary.Negotiable;
        TopPay = v.Salary.MonthlyMax ?? v.Salary.MonthlyMin;
        Cluster = v.Cluster;
        ClusterIndex = IndexIn(Clusters.All.Select(c => c.Code).ToList(), v.Cluster);
        District = v.District;
        DistrictIndex = IndexIn(Districts.All.Select(d => d.Code).ToList(), v.District);
        OffersHousing = post.OffersHousing;
        FirstSeenAt = v.FirstSeenAt;
        Headcount = v.Headcount;
    }

    /// <summary>The graduate-side row with every post-only feature set and the rest 0.</summary>
    internal float[] GraduateTemplate { get; }

    internal Degree Degree { get; }

    internal bool MajorsUnrestricted { get; }

    internal string[] MajorCodes { get; }

    internal HashSet<string> MajorClasses { get; }

    internal HashSet<string> MajorDisciplines { get; }

    /// <summary>What a served row reads of the post beyond its scalars, in one array (one or two cache lines of a
    /// post seldom in cache, instead of one per array): the template's entries that are not +0 (index in the high
    /// half, the value's bits in the low), then the code, class and discipline keys (<see cref="CodeKeys"/> and the
    /// others say where).</summary>
    internal ulong[] Packed { get; }

    /// <summary>How many of <see cref="Packed"/>'s first entries are the template's entries that are not +0 (a few
    /// of its ~70): a served row is cleared and these set, not the whole template copied.</summary>
    internal int TemplateCount { get; }

    /// <summary>Where in <see cref="Packed"/> the codes, classes and disciplines are as <see cref="CodeKey"/>s
    /// (Count −1 when one has none: then the strings are compared): a few numbers in one place instead of a hash
    /// set per lookup.</summary>
    internal (int At, int Count) CodeKeys { get; }

    internal (int At, int Count) ClassKeys { get; }

    internal (int At, int Count) DisciplineKeys { get; }

    private static (ulong[] Packed, (int, int) Codes, (int, int) Classes, (int, int) Disciplines) Pack((int Index, float Value)[] template, ulong[]? codes, ulong[]? classes, ulong[]? disciplines)
    {
        var packed = new List<ulong>(template.Length + (codes?.Length ?? 0) + (classes?.Length ?? 0) + (disciplines?.Length ?? 0));
        packed.AddRange(template.Select(e => ((ulong)(uint)e.Index << 32) | (uint)BitConverter.SingleToInt32Bits(e.Value)));
        (int, int) Add(ulong[]? keys)
        {
            var at = packed.Count;
            packed.AddRange(keys ?? []);
            return (at, keys?.Length ?? -1);
        }

        var (c, k, d) = (Add(codes), Add(classes), Add(disciplines));
        return ([.. packed], c, k, d);
    }

    internal (long[] Bigrams, string? Code)[] MajorTerms { get; }

    internal PostSkillPart[] Skills { get; }

    internal float? Offered { get; }

    internal bool Negotiable { get; }

    internal int? TopPay { get; }

    internal string? Cluster { get; }

    internal int ClusterIndex { get; }

    internal string? District { get; }

    internal int DistrictIndex { get; }

    internal bool OffersHousing { get; }

    internal DateTimeOffset FirstSeenAt { get; }

    internal int Headcount { get; }

    private static PostSkillPart Shared(Dictionary<(string Canonical, string Text), PostSkillPart>? shared, PostSkillPart part)
    {
        if (shared is null)
        {
            return part;
        }

        // The same text can stand for a listed skill (bigrams of the text) and one found in the title (bigrams of the id).
        if (shared.TryGetValue((part.Canonical, part.Text), out var existing))
        {
            return existing.Bigrams.AsSpan().SequenceEqual(part.Bigrams) ? existing : part;
        }

        shared[(part.Canonical, part.Text)] = part;
        return part;
    }

    /// <summary>Derives every post's parts that has none yet, sharing skill parts between them (see the constructor).</summary>
    internal static void Prepare(IReadOnlyList<PostProfile> posts)
    {
        var shared = new Dictionary<(string Canonical, string Text), PostSkillPart>();
        foreach (var post in posts)
        {
            post.PrepareFeatureParts(shared);
        }
    }

    internal static int IndexIn(IReadOnlyList<string> codes, string? code)
    {
        for (var i = 0; i < codes.Count; i++)
        {
            if (codes[i] == code)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>What the served feature computation needs of a graduate, derived once per request (or once per pool
/// for the employer side): the major's class and discipline, its bigrams, the taxonomy skills the graduate's
/// skills cover (each with every broader skill it implies), and stated clusters and districts by number.</summary>
public sealed class SeekerFeatureParts
{
    /// <param name="oneRequest">Parts for one request on one thread: they remember, for each post skill met, whether
    /// the graduate covers it (posts of an index share their skill parts), where text must decide.</param>
    internal SeekerFeatureParts(SeekerProfile seeker, bool oneRequest = false)
    {
        Covers = oneRequest ? new Dictionary<PostSkillPart, bool>(ReferenceEqualityComparer.Instance) : null;
        Seeker = seeker;
        MajorCode = seeker.MajorCode;
        MajorClass = seeker.MajorCode is { } code ? MajorCatalog.Class(code) : null;
        MajorDiscipline = seeker.MajorCode is { } c ? MajorCatalog.Discipline(c) : null;
        MajorCodeKey = CodeKey.Of(MajorCode);
        ClassKey = CodeKey.Of(MajorClass);
        DisciplineKey = CodeKey.Of(MajorDiscipline);
        MajorBigrams = BigramCodes.Of(seeker.MajorBigrams);
        MajorTermsCode = (seeker.MajorBigrams as MajorTerms)?.Code;
        var taxonomy = SkillTaxonomy.Default;
        Skills = [.. seeker.Skills.Select(s => new SeekerSkillPart(s.Canonical, taxonomy.IndexOf(s.Canonical), BigramCodes.Of(s.Bigrams), taxonomy.NeverEqualWith(s.Canonical)))];
        TaxonomyCovered = new bool[taxonomy.All.Count];
        foreach (var skill in Skills.Where(s => s.TaxonomyIndex >= 0))
        {
            foreach (var covered in taxonomy.SelfAndAncestorIndexes(skill.TaxonomyIndex))
            {
                TaxonomyCovered[covered] = true;
            }
        }

        HasUnknownSkills = Skills.Any(s => s.TaxonomyIndex < 0);
        var clusters = Clusters.All.Select(c => c.Code).ToList();
        PrefersCluster = [.. clusters.Select(seeker.PreferredClusters.Contains)];
        var districts = Districts.All.Select(d => d.Code).ToList();
        PrefersDistrict = [.. districts.Select(seeker.PreferredDistricts.Contains)];
    }

    internal SeekerProfile Seeker { get; }

    /// <summary>Whether a skill of the graduate is not in the taxonomy (then text compares it with every post skill).</summary>
    internal bool HasUnknownSkills { get; }

    /// <summary>For one request's parts: post skill → covered, for those text decided.</summary>
    internal Dictionary<PostSkillPart, bool>? Covers { get; }

    /// <summary>Parts to use for one request on one thread (see the constructor).</summary>
    public static SeekerFeatureParts ForOneRequest(SeekerProfile seeker)
    {
        ArgumentNullException.ThrowIfNull(seeker);
        return new SeekerFeatureParts(seeker, oneRequest: true);
    }

    internal string? MajorCode { get; }

    internal string? MajorClass { get; }

    internal string? MajorDiscipline { get; }

    internal ulong? MajorCodeKey { get; }

    internal ulong? ClassKey { get; }

    internal ulong? DisciplineKey { get; }

    internal long[] MajorBigrams { get; }

    internal string? MajorTermsCode { get; }

    internal SeekerSkillPart[] Skills { get; }

    /// <summary>By taxonomy number: whether one of the graduate's taxonomy skills is that skill or implies it.</summary>
    internal bool[] TaxonomyCovered { get; }

    internal bool[] PrefersCluster { get; }

    internal bool[] PrefersDistrict { get; }
}

/// <summary>A short code (major, 专业类, discipline: ASCII and at most 8 characters) packed into a number, equal
/// exactly when the strings are equal ordinally; null for a string it cannot hold, which is then compared as text.</summary>
internal static class CodeKey
{
    public static ulong? Of(string? code)
    {
        if (code is null || code.Length > 8)
        {
            return null;
        }

        var key = 0UL;
        foreach (var c in code)
        {
            if (c is '\0' or > (char)255)
            {
                return null;
            }

            key = (key << 8) | c;
        }

        return key;
    }

    /// <summary>Every code's key, or null when one has none.</summary>
    public static ulong[]? All(IEnumerable<string> codes)
    {
        var keys = new List<ulong>();
        foreach (var code in codes)
        {
            if (Of(code) is not { } key)
            {
                return null;
            }

            keys.Add(key);
        }

        return [.. keys];
    }

    /// <summary>Whether the keys at <paramref name="at"/> in <paramref name="packed"/> hold <paramref name="key"/>.</summary>
    public static bool Contains(ulong[] packed, (int At, int Count) at, ulong key) => Contains(packed.AsSpan(at.At, at.Count), key);

    public static bool Contains(ReadOnlySpan<ulong> keys, ulong key)
    {
        foreach (var k in keys)
        {
            if (k == key)
            {
                return true;
            }
        }

        return false;
    }
}
