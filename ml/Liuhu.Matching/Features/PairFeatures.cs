using Liuhu.Core.Domain;

namespace Liuhu.Matching.Features;

/// <summary>The features of one graduate–post pair for ranking posts for a graduate, from the data alone.
/// Protected attributes (gender, ethnicity, religion, marital status) are not inputs: <see cref="SeekerProfile"/>
/// does not carry them. Residency and 离校未就业 are, because they change which posts suit the graduate (housing
/// matters more to a graduate from elsewhere); they never order graduates for an employer, which has its own
/// ranker and features (<see cref="CandidateFeatures"/>).</summary>
public static class PairFeatures
{
    public static readonly FeatureSchema Schema = new("graduate");

    /// <summary>What both sides share: how the graduate meets the post and what they said they want.</summary>
    public static readonly QualificationFeatures Fit = QualificationFeatures.Declare(Schema);
    public static readonly Feature SeekerDegree = Schema.Add("SeekerDegree");
    public static readonly Feature PostDegree = Schema.Add("PostDegree");
    public static readonly Feature PostCluster = Schema.Add("PostCluster");
    public static readonly Feature PostDistrict = Schema.Add("PostDistrict");
    public static readonly Feature MonthlyPay = Schema.Add("MonthlyPay");
    public static readonly Feature ExpectedPay = Schema.Add("ExpectedPay");
    public static readonly Feature HousingForExternal = Schema.Add("HousingForExternal");
    public static readonly IReadOnlyDictionary<BenefitKind, Feature> Offers =
        Enum.GetValues<BenefitKind>().ToDictionary(k => k, k => Schema.Add("Offers" + k));
    public static readonly Feature PublicEmployer = Schema.Add("PublicEmployer");
    public static readonly Feature Freshness = Schema.Add("Freshness");
    public static readonly Feature ApplicationsPerOpening = Schema.Add("ApplicationsPerOpening");
    public static readonly Feature Headcount = Schema.Add("Headcount");
    public static readonly Feature RemainingOpenings = Schema.Add("RemainingOpenings");
    public static readonly Feature EmployerEffect = Schema.Add("EmployerEffect");
    public static readonly Feature PostEffect = Schema.Add("PostEffect");
    public static readonly Feature SeekerExternal = Schema.Add("SeekerExternal");
    public static readonly Feature SeekerLeftSchoolUnemployed = Schema.Add("SeekerLeftSchoolUnemployed");

    /// <summary>The post's district and cluster each as its own 0/1 column: a district graduates avoid or a cluster
    /// they favour, which no profile states, takes one split to learn rather than a range of codes.</summary>
    public static readonly IReadOnlyDictionary<string, Feature> InDistrict = Schema.AddOneHot("InDistrict:", Districts.All.Select(d => d.Code));
    public static readonly IReadOnlyDictionary<string, Feature> InCluster = Schema.AddOneHot("InCluster:", Clusters.All.Select(c => c.Code));

    /// <summary>The features whose value is the post's alone and fixed while it is served: what the post's template
    /// row holds (<see cref="PostFeatureParts"/>) and <see cref="Write"/> leaves as copied (tested). A tree that
    /// split on these alone could be summed once per post; <c>liuhu-ml bench serve</c> counts such trees in the
    /// model it trains (none so far: every tree also reads a feature of the pair). Stats and freshness change
    /// while a post is served, so they are not among them.</summary>
    public static readonly IReadOnlySet<int> PostOnly = new HashSet<int>(
        new[] { MajorsUnrestricted, PostDegree, PostCluster, PostDistrict, MonthlyPay, PublicEmployer, Headcount }
            .Concat(Offers.Values).Concat(InDistrict.Values).Concat(InCluster.Values).Select(f => f.Index));

    /// <summary>The features whose value is the graduate's alone (a tree that split on these alone could be summed once per request).</summary>
    public static readonly IReadOnlySet<int> SeekerOnly = new HashSet<int>(
        new[] { SeekerDegree, ExpectedPay, SeekerExternal, SeekerLeftSchoolUnemployed }.Select(f => f.Index));

    public static Feature DegreeMeets => Fit.DegreeMeets;

    public static Feature DegreeGap => Fit.DegreeGap;

    public static Feature MajorExact => Fit.MajorExact;

    public static Feature MajorSameClass => Fit.MajorSameClass;

    public static Feature MajorSameDiscipline => Fit.MajorSameDiscipline;

    public static Feature MajorTextSimilarity => Fit.MajorTextSimilarity;

    public static Feature MajorsUnrestricted => Fit.MajorsUnrestricted;

    public static Feature SkillCoverage => Fit.SkillCoverage;

    public static Feature SkillsMatched => Fit.SkillsMatched;

    public static Feature ClusterPreferred => Fit.ClusterPreferred;

    public static Feature DistrictPreferred => Fit.DistrictPreferred;

    public static Feature SalaryToExpectation => Fit.SalaryToExpectation;

    public static Feature SalaryMeetsExpectation => Fit.SalaryMeetsExpectation;

    public static int Count => Schema.Count;

    public static IReadOnlyList<string> Names => [.. Schema.Names];

    /// <summary>Computes the features and, for the explanation, which skills matched and which are missing.</summary>
    /// <param name="at">When the post is shown: freshness is its age then.</param>
    /// <param name="stats">What outcomes said of the post at that moment; by default what serving knows now
    /// (<see cref="PostProfile.Live"/>). Training passes the counts from before the pair was shown.</param>
    public static PairEvaluation Evaluate(SeekerProfile seeker, PostProfile post, DateTimeOffset at, PostStats? stats = null)
    {
        ArgumentNullException.ThrowIfNull(seeker);
        ArgumentNullException.ThrowIfNull(post);
        var v = post.Vacancy;
        var s = stats ?? post.Live;
        var f = Schema.NewVector();
        var fit = Features.Fit.Of(seeker, post);
        Fit.Fill(f, fit, seeker, post);
        f[SeekerDegree] = (int)seeker.Degree;
        f[PostDegree] = (int)v.Degree;
        f[PostCluster] = Position(Clusters.All, c => c.Code == v.Cluster);
        f[PostDistrict] = Position(Districts.All, d => d.Code == v.District);
        var offered = MonthlyOffer(v.Salary);
        f[MonthlyPay] = offered is { } pay ? pay / 1000f : 0;
        f[ExpectedPay] = (seeker.ExpectedSalary ?? 0) / 1000f;
        f[HousingForExternal] = post.OffersHousing ? (seeker.IsExternal ? 1 : 0.5f) : 0;
        foreach (var (kind, feature) in Offers)
        {
            f[feature] = post.BenefitKinds.Contains(kind) ? 1 : 0;
        }

        f[PublicEmployer] = post.IsPublicEmployer ? 1 : 0;
        var age = v.FirstSeenAt == default ? 0 : (at - v.FirstSeenAt).TotalDays;
        f[Freshness] = (float)Math.Exp(-Math.Max(0, age) / 30.0);
        var remaining = Math.Max(0, v.Headcount - s.Hires);
        f[ApplicationsPerOpening] = (float)Math.Log(1 + (s.Applications / (double)Math.Max(1, remaining)));
        f[Headcount] = (float)Math.Log(1 + v.Headcount);
        f[RemainingOpenings] = (float)Math.Log(1 + remaining);
        f[EmployerEffect] = s.EmployerEffect;
        f[PostEffect] = s.PostEffect;
        f[SeekerExternal] = seeker.IsExternal ? 1 : 0;
        f[SeekerLeftSchoolUnemployed] = seeker.LeftSchoolUnemployed ? 1 : 0;
        f.SetOneHot(InDistrict, v.District);
        f.SetOneHot(InCluster, v.Cluster);
        return new PairEvaluation(f, fit.Matched, fit.Missing, fit.DegreeMeets, fit.MajorFit);
    }

    public static float? MonthlyOffer(SalaryRange salary)
    {
        ArgumentNullException.ThrowIfNull(salary);
        return (float?)salary.MonthlyOffer;
    }

    /// <summary>The served way to the same row as <see cref="Evaluate"/> (bit for bit; a test holds the two
    /// together): the post's precomputed parts (<see cref="PostProfile.FeatureParts"/>) copied in, then what
    /// depends on the graduate, the moment and the stats written over them, into a row the caller reuses.
    /// Nothing is allocated.</summary>
    public static void Write(SeekerFeatureParts seeker, PostProfile post, DateTimeOffset at, PostStats stats, Span<float> row) =>
        Write(seeker, post, at, stats, row, []);

    /// <summary>The same row for a scorer that reads only some features: where <paramref name="reads"/> (by feature,
    /// as <see cref="Ranking.FlatTreeEnsemble.Reads"/>; empty for all) is false for
    /// every feature of a group that costs a look at more of the post (each major feature, the two skill features,
    /// freshness, each opening count), that group is left 0 instead of computed. The scorer's answer is the same, as it reads none
    /// of them (tested); the explanation's features come from <see cref="Evaluate"/>.</summary>
    public static void Write(SeekerFeatureParts seeker, PostProfile post, DateTimeOffset at, PostStats stats, Span<float> row, ReadOnlySpan<bool> reads)
    {
        ArgumentNullException.ThrowIfNull(seeker);
        ArgumentNullException.ThrowIfNull(post);
        var parts = post.FeatureParts;
        if (row.Length != Schema.Count || (!reads.IsEmpty && reads.Length < Schema.Count))
        {
            throw new ArgumentException($"Schema '{Schema.Name}' has {Schema.Count} features, the row {row.Length}, what is read {reads.Length}.", nameof(row));
        }

        // The template (GraduateTemplate) copied in, as its few entries that are not +0 over a cleared row.
        row.Clear();
        var packed = parts.Packed;
        for (var k = 0; k < parts.TemplateCount; k++)
        {
            row[(int)(packed[k] >> 32)] = BitConverter.Int32BitsToSingle((int)(uint)packed[k]);
        }

        Fit.Write(seeker, parts, row, reads);
        var s = seeker.Seeker;
        row[SeekerDegreeAt] = (int)s.Degree;
        row[ExpectedPayAt] = (s.ExpectedSalary ?? 0) / 1000f;
        row[HousingForExternalAt] = parts.OffersHousing ? (s.IsExternal ? 1 : 0.5f) : 0;
        if (Wanted(reads, FreshnessAt))
        {
            var age = parts.FirstSeenAt == default ? 0 : (at - parts.FirstSeenAt).TotalDays;
            row[FreshnessAt] = (float)Math.Exp(-Math.Max(0, age) / 30.0);
        }

        var remaining = Math.Max(0, parts.Headcount - stats.Hires);
        if (Wanted(reads, ApplicationsPerOpeningAt))
        {
            row[ApplicationsPerOpeningAt] = (float)Math.Log(1 + (stats.Applications / (double)Math.Max(1, remaining)));
        }

        if (Wanted(reads, RemainingOpeningsAt))
        {
            row[RemainingOpeningsAt] = (float)Math.Log(1 + remaining);
        }

        row[EmployerEffectAt] = stats.EmployerEffect;
        row[PostEffectAt] = stats.PostEffect;
        row[SeekerExternalAt] = s.IsExternal ? 1 : 0;
        row[SeekerLeftSchoolUnemployedAt] = s.LeftSchoolUnemployed ? 1 : 0;
    }

    /// <summary>Whether a row written for <paramref name="reads"/> (empty: every feature) needs feature <paramref name="feature"/>.</summary>
    internal static bool Wanted(ReadOnlySpan<bool> reads, int feature) => reads.IsEmpty || reads[feature];

    private static readonly int SeekerDegreeAt = SeekerDegree.Index;
    private static readonly int ExpectedPayAt = ExpectedPay.Index;
    private static readonly int HousingForExternalAt = HousingForExternal.Index;
    private static readonly int FreshnessAt = Freshness.Index;
    private static readonly int ApplicationsPerOpeningAt = ApplicationsPerOpening.Index;
    private static readonly int RemainingOpeningsAt = RemainingOpenings.Index;
    private static readonly int EmployerEffectAt = EmployerEffect.Index;
    private static readonly int PostEffectAt = PostEffect.Index;
    private static readonly int SeekerExternalAt = SeekerExternal.Index;
    private static readonly int SeekerLeftSchoolUnemployedAt = SeekerLeftSchoolUnemployed.Index;

    /// <summary>1-based position in a fixed list (0 when absent), as a code a tree can split on.</summary>
    internal static float Position<T>(IReadOnlyList<T> list, Func<T, bool> match)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (match(list[i]))
            {
                return i + 1;
            }
        }

        return 0;
    }
}

/// <summary>The features of a graduate for an employer's post: qualifications and interest only. Residency/户籍,
/// 离校未就业 status, university and every protected attribute are not inputs (国办发〔2014〕22号; 《就业促进法》
/// 第三条), so flipping any of them cannot change an employer's order.</summary>
public static class CandidateFeatures
{
    public static readonly FeatureSchema Schema = new("employer");

    public static readonly QualificationFeatures Fit = QualificationFeatures.Declare(Schema);

    public static PairEvaluation Evaluate(SeekerProfile seeker, PostProfile post)
    {
        ArgumentNullException.ThrowIfNull(seeker);
        ArgumentNullException.ThrowIfNull(post);
        var f = Schema.NewVector();
        var fit = Features.Fit.Of(seeker, post);
        Fit.Fill(f, fit, seeker, post);
        return new PairEvaluation(f, fit.Matched, fit.Missing, fit.DegreeMeets, fit.MajorFit);
    }

    /// <summary>The served way to the same row as <see cref="Evaluate"/> (bit for bit, tested), for scoring a
    /// post's whole pool: the employer side's features are the qualification features alone.</summary>
    public static void Write(SeekerFeatureParts seeker, PostFeatureParts post, Span<float> row)
    {
        ArgumentNullException.ThrowIfNull(seeker);
        ArgumentNullException.ThrowIfNull(post);
        if (row.Length != Schema.Count)
        {
            throw new ArgumentException($"Schema '{Schema.Name}' has {Schema.Count} features, the row {row.Length}.", nameof(row));
        }

        row.Clear();
        row[Fit.MajorsUnrestricted.Index] = post.MajorsUnrestricted ? 1 : 0;
        Fit.Write(seeker, post, row, []);
    }
}

/// <summary>The features both sides' schemas declare, each in its own schema: degree, major and skill fit, and
/// the graduate's stated interest in the post's cluster, district and pay.</summary>
public sealed record QualificationFeatures(
    Feature DegreeMeets, Feature DegreeGap, Feature MajorExact, Feature MajorSameClass, Feature MajorSameDiscipline, Feature MajorTextSimilarity,
    Feature MajorsUnrestricted, Feature SkillCoverage, Feature SkillsMatched, Feature ClusterPreferred, Feature DistrictPreferred,
    Feature SalaryToExpectation, Feature SalaryMeetsExpectation)
{
    public static QualificationFeatures Declare(FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new(schema.Add("DegreeMeets"), schema.Add("DegreeGap"), schema.Add("MajorExact"), schema.Add("MajorSameClass"), schema.Add("MajorSameDiscipline"),
            schema.Add("MajorTextSimilarity"), schema.Add("MajorsUnrestricted"), schema.Add("SkillCoverage"), schema.Add("SkillsMatched"),
            schema.Add("ClusterPreferred"), schema.Add("DistrictPreferred"), schema.Add("SalaryToExpectation"), schema.Add("SalaryMeetsExpectation"));
    }

    internal void Fill(FeatureVector f, Fit fit, SeekerProfile seeker, PostProfile post)
    {
        var v = post.Vacancy;
        f[DegreeMeets] = fit.DegreeMeets ? 1 : 0;
        f[DegreeGap] = fit.DegreeGap;
        f[MajorExact] = fit.MajorFit == MajorFit.Exact ? 1 : 0;
        f[MajorSameClass] = fit.SameClass ? 1 : 0;
        f[MajorSameDiscipline] = fit.SameDiscipline ? 1 : 0;
        f[MajorTextSimilarity] = fit.TextSimilarity;
        f[MajorsUnrestricted] = post.MajorsUnrestricted ? 1 : 0;
        f[SkillCoverage] = fit.SkillCoverage;
        f[SkillsMatched] = fit.Matched.Count;
        f[ClusterPreferred] = seeker.PreferredClusters.Count == 0 ? 0.5f : v.Cluster is { } c && seeker.PreferredClusters.Contains(c) ? 1 : 0;
        f[DistrictPreferred] = seeker.PreferredDistricts.Count == 0 ? 0.5f : v.District is { } d && seeker.PreferredDistricts.Contains(d) ? 1 : 0;
        f[SalaryToExpectation] = fit.SalaryToExpectation;
        f[SalaryMeetsExpectation] = fit.SalaryMeets;
    }

    /// <summary>What <see cref="Fill"/> writes but <see cref="MajorsUnrestricted"/> (a post-only feature the caller
    /// has set), computed as <see cref="Features.Fit.Of"/> does from the precomputed parts, without the lists of
    /// matched and missing skills.</summary>
    /// <param name="reads">Unless empty, the costly features the scorer does not read (false) are left as they are.</param>
    internal void Write(SeekerFeatureParts seeker, PostFeatureParts post, Span<float> row, ReadOnlySpan<bool> reads)
    {
        var s = seeker.Seeker;
        row[DegreeMeets.Index] = post.Degree == Degree.Any || s.Degree >= post.Degree ? 1 : 0;
        row[DegreeGap.Index] = post.Degree == Degree.Any ? 0 : (int)s.Degree - (int)post.Degree;
        var code = seeker.MajorCode;

        // By packed key where every code of the post has one (a string without a key equals none that has one).
        if (PairFeatures.Wanted(reads, MajorExact.Index))
        {
            row[MajorExact.Index] = code is not null && (post.CodeKeys.Count >= 0 ? seeker.MajorCodeKey is { } k && CodeKey.Contains(post.Packed, post.CodeKeys, k)
                : Array.IndexOf(post.MajorCodes, code) >= 0) ? 1 : 0;
        }

        if (PairFeatures.Wanted(reads, MajorSameClass.Index))
        {
            row[MajorSameClass.Index] = seeker.MajorClass is { } majorClass && (post.ClassKeys.Count >= 0 ? seeker.ClassKey is { } ck && CodeKey.Contains(post.Packed, post.ClassKeys, ck)
                : post.MajorClasses.Contains(majorClass)) ? 1 : 0;
        }

        if (PairFeatures.Wanted(reads, MajorSameDiscipline.Index))
        {
            row[MajorSameDiscipline.Index] = seeker.MajorDiscipline is { } discipline && (post.DisciplineKeys.Count >= 0 ? seeker.DisciplineKey is { } dk && CodeKey.Contains(post.Packed, post.DisciplineKeys, dk)
                : post.MajorDisciplines.Contains(discipline)) ? 1 : 0;
        }

        if (PairFeatures.Wanted(reads, MajorTextSimilarity.Index))
        {
            var textSimilarity = 0f;
            for (var t = 0; t < post.MajorTerms.Length; t++)
            {
                var (bigrams, termCode) = post.MajorTerms[t];
                var overlap = BigramCodes.Overlap(seeker.MajorBigrams, seeker.MajorTermsCode, bigrams, termCode);
                textSimilarity = t == 0 || overlap > textSimilarity ? overlap : textSimilarity;
            }

            row[MajorTextSimilarity.Index] = textSimilarity;
        }

        if (PairFeatures.Wanted(reads, SkillCoverage.Index) || PairFeatures.Wanted(reads, SkillsMatched.Index))
        {
            var matched = 0;
            foreach (var skill in post.Skills)
            {
                matched += Covered(seeker, skill) ? 1 : 0;
            }

            row[SkillCoverage.Index] = post.Skills.Length == 0 ? 0.5f : (float)matched / post.Skills.Length;
            row[SkillsMatched.Index] = matched;
        }
        row[ClusterPreferred.Index] = s.PreferredClusters.Count == 0 ? 0.5f
            : post.Cluster is { } c && (post.ClusterIndex >= 0 ? seeker.PrefersCluster[post.ClusterIndex] : s.PreferredClusters.Contains(c)) ? 1 : 0;
        row[DistrictPreferred.Index] = s.PreferredDistricts.Count == 0 ? 0.5f
            : post.District is { } d && (post.DistrictIndex >= 0 ? seeker.PrefersDistrict[post.DistrictIndex] : s.PreferredDistricts.Contains(d)) ? 1 : 0;
        row[SalaryToExpectation.Index] = post.Offered is { } o && s.ExpectedSalary is > 0 and var e ? Math.Clamp(o / (float)e!, 0, 3) : 1;
        row[SalaryMeetsExpectation.Index] = s.ExpectedSalary is not { } expected || post.Negotiable || post.TopPay is not { } top ? 0.5f
            : top >= expected ? 1 : 0;
    }

    /// <summary>Whether any of the graduate's skills covers the post's (<see cref="Skills.Covers"/>): a taxonomy
    /// skill by the table of what the graduate's taxonomy skills imply; text only where a side is unknown to it.</summary>
    private static bool Covered(SeekerFeatureParts seeker, PostSkillPart skill)
    {
        var known = skill.TaxonomyIndex >= 0;
        if (known && (seeker.TaxonomyCovered[skill.TaxonomyIndex] || !seeker.HasUnknownSkills))
        {
            return seeker.TaxonomyCovered[skill.TaxonomyIndex];
        }

        if (seeker.Covers is not { } memo)
        {
            return CoveredByText(seeker, skill, known);
        }

        if (!memo.TryGetValue(skill, out var covered))
        {
            memo[skill] = covered = CoveredByText(seeker, skill, known);
        }

        return covered;
    }

    private static bool CoveredByText(SeekerFeatureParts seeker, PostSkillPart skill, bool known)
    {
        foreach (var mine in seeker.Skills)
        {
            if (string.Equals(mine.Canonical, skill.Canonical, StringComparison.Ordinal))
            {
                return true;
            }

            // Both in the taxonomy: it decided, and the table above said no.
            if ((known && mine.TaxonomyIndex >= 0) || Contains(mine.NeverEqual, skill.Canonical))
            {
                continue;
            }

            // The character masks rule out containment and shared bigrams before the strings are compared.
            if ((Math.Min(mine.Canonical.Length, skill.Canonical.Length) >= 2
                    && (((skill.CanonicalChars & ~mine.CanonicalChars) == 0 && mine.Canonical.Contains(skill.Canonical, StringComparison.Ordinal))
                        || ((mine.CanonicalChars & ~skill.CanonicalChars) == 0 && skill.Canonical.Contains(mine.Canonical, StringComparison.Ordinal))))
                || (Math.Min(mine.Bigrams.Length, skill.Bigrams.Length) >= 2 && (mine.BigramChars & skill.BigramChars) != 0
                    && BigramCodes.Overlap(mine.Bigrams, null, skill.Bigrams, null) >= 0.67f))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contains(IReadOnlyList<string> forms, string form)
    {
        for (var i = 0; i < forms.Count; i++)
        {
            if (string.Equals(forms[i], form, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>How a graduate meets a post's requirements, computed once for both sides' features.</summary>
internal sealed record Fit(bool DegreeMeets, int DegreeGap, MajorFit MajorFit, bool SameClass, bool SameDiscipline, float TextSimilarity,
    float SkillCoverage, List<string> Matched, List<string> Missing, float SalaryToExpectation, float SalaryMeets)
{
    public static Fit Of(SeekerProfile seeker, PostProfile post)
    {
        var v = post.Vacancy;
        var degreeMeets = v.Degree == Degree.Any || seeker.Degree >= v.Degree;
        var code = seeker.MajorCode;
        var exact = code is not null && post.MajorCodes.Contains(code);
        var sameClass = code is not null && post.MajorClasses.Contains(MajorCatalog.Class(code));
        var sameDiscipline = code is not null && post.MajorDisciplines.Contains(MajorCatalog.Discipline(code));
        var textSimilarity = post.MajorBigrams.Count == 0 ? 0 : post.MajorBigrams.Max(b => Features.TextSimilarity.Overlap(seeker.MajorBigrams, b));
        var matched = new List<string>();
        var missing = new List<string>();
        foreach (var (canonical, bigrams, text) in post.Skills)
        {
            (seeker.Skills.Any(s => Skills.Covers(s.Canonical, s.Bigrams, canonical, bigrams)) ? matched : missing).Add(text);
        }

        var offered = PairFeatures.MonthlyOffer(v.Salary);
        var toExpectation = offered is { } o && seeker.ExpectedSalary is > 0 and var e ? Math.Clamp(o / (float)e!, 0, 3) : 1;
        var meets = seeker.ExpectedSalary is not { } expected || v.Salary.Negotiable || (v.Salary.MonthlyMax ?? v.Salary.MonthlyMin) is not { } top ? 0.5f
            : top >= expected ? 1 : 0;
        var majorFit = exact ? MajorFit.Exact : sameClass ? MajorFit.SameClass : textSimilarity >= 0.6 ? MajorFit.Similar
            : sameDiscipline ? MajorFit.SameDiscipline : post.MajorsUnrestricted ? MajorFit.Unrestricted : MajorFit.None;
        return new Fit(degreeMeets, v.Degree == Degree.Any ? 0 : (int)seeker.Degree - (int)v.Degree, majorFit, sameClass, sameDiscipline, textSimilarity,
            post.Skills.Count == 0 ? 0.5f : (float)matched.Count / post.Skills.Count, matched, missing, toExpectation, meets);
    }
}

public enum MajorFit
{
    None,
    Unrestricted,
    SameDiscipline,
    Similar,
    SameClass,
    Exact,
}

public sealed record PairEvaluation(FeatureVector Features, IReadOnlyList<string> MatchedSkills, IReadOnlyList<string> MissingSkills, bool DegreeMeets, MajorFit MajorFit);
