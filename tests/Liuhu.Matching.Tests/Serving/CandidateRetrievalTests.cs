using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Matching.Features;
using Liuhu.Matching.Serving;

namespace Liuhu.Matching.Tests.Serving;

/// <summary>The candidate stage leaves no one out: <see cref="VacancyIndex.Candidates"/> and its fallbacks, and
/// <see cref="CandidateRecall"/> over them.</summary>
public class CandidateRetrievalTests
{
    private static readonly IReadOnlyList<Vacancy> Market =
    [
        .. Enumerable.Range(0, 20).Select(i => Samples.Post("软件开发" + i, majors: ["软件工程"], skills: ["Java"], cluster: "next-gen-it", district: "saihan")),
        .. Enumerable.Range(0, 20).Select(i => Samples.Post("会计" + i, majors: ["会计学"], skills: ["会计核算"], cluster: "services", district: "xincheng")),
        .. Enumerable.Range(0, 10).Select(i => Samples.Post("机械设计" + i, majors: ["机械设计制造及其自动化"], skills: ["CAD"], cluster: "modern-equipment", district: "etdz")),
        Samples.Post("电子工艺员", degree: Degree.Associate, majors: ["电子信息工程技术"], skills: ["焊接"], cluster: "next-gen-it", district: "saihan"),
        Samples.Post("社区就业服务专员", degree: Degree.Associate, majors: ["不限"], skills: ["沟通协调"], cluster: "public", district: "xincheng", credit: "12150100MB1T9J0K16"),
    ];

    private static VacancyIndex Index(IEnumerable<Vacancy>? posts = null) =>
        new((posts ?? Market).Select(v => new PostProfile(v, MajorCatalog.Default)).ToList(), Samples.Now);

    private static SeekerProfile Seeker(string major, Degree degree = Degree.Bachelor, string[]? skills = null, string[]? clusters = null) =>
        new(Samples.Graduate(major: major, majorCode: null, degree: degree, skills: skills ?? [], clusters: clusters ?? [], districts: []), MajorCatalog.Default);

    [Theory]
    [InlineData("蒙古语言文学", Degree.Bachelor)]
    [InlineData("计算机应用技术", Degree.Associate)]
    [InlineData("护理学", Degree.Bachelor)]
    [InlineData("不在任何目录的专业", Degree.Bachelor)]
    public void Candidates_MajorWithNoPostsNoSkillsNoPreferences_StillGetsLimit(string major, Degree degree)
    {
        var candidates = Index().Candidates(Seeker(major, degree), 10);
        Assert.Equal(10, candidates.Count);
        Assert.Equal(10, candidates.Select(p => p.Vacancy.VacancyId).Distinct().Count());
    }

    [Fact]
    public void Candidates_FewerPostsThanLimit_EveryPost() =>
        Assert.Equal(Market.Count, Index().Candidates(Seeker("蒙古语言文学"), 500).Count);

    [Fact]
    public void Candidates_VocationalGraduate_CrosswalkedClassPostsFillTheListHalf()
    {
        var candidates = Index().Candidates(Seeker("计算机应用技术", Degree.Associate), 20);
        Assert.All(candidates.Take(10), p => Assert.StartsWith("软件开发", p.Vacancy.Title, StringComparison.Ordinal));
    }

    private static VacancyIndex IndexWithAppeal(Func<Vacancy, float> appeal)
    {
        var posts = Market.Select(v => new PostProfile(v, MajorCatalog.Default)).ToList();
        return new VacancyIndex(posts, Samples.Now, posts.Select(p => appeal(p.Vacancy)).ToList());
    }

    [Fact]
    public void Candidates_NoListHits_AppealHalfThenSameDiscipline()
    {
        // 现代通信技术 (高职 5103) has no post of its class; 电子工艺员 (5101) shares its 专业大类.
        var index = IndexWithAppeal(v => v.Title == "社区就业服务专员" ? 1 : 0);
        var candidates = index.Candidates(Seeker("现代通信技术", Degree.Associate), 3).Select(p => p.Vacancy.Title).ToList();
        Assert.Equal(["社区就业服务专员", "电子工艺员"], candidates.Take(2));
        Assert.Equal(3, candidates.Count);
    }

    [Fact]
    public void Candidates_NoListHitsNoDiscipline_AppealHalfThenPublicThenNewest()
    {
        var index = IndexWithAppeal(v => v.Title.StartsWith("会计", StringComparison.Ordinal) ? 1 : 0);
        var candidates = index.Candidates(Seeker("蒙古语言文学"), 4).Select(p => p.Vacancy.Title).ToList();
        Assert.All(candidates.Take(2), t => Assert.StartsWith("会计", t, StringComparison.Ordinal));
        Assert.Equal("社区就业服务专员", candidates[2]);
        Assert.Equal(4, candidates.Count);
    }

    private static VacancyIndex IndexWithLevels(Func<Degree, Vacancy, float> anyMajor, Func<Degree, Vacancy, float> ownMajor)
    {
        var posts = Market.Select(v => new PostProfile(v, MajorCatalog.Default)).ToList();
        return new VacancyIndex(posts, Samples.Now, PostAppeal.Levels.ToDictionary(d => d, d => new LevelAppeal(
            [.. posts.Select(p => anyMajor(d, p.Vacancy))], [.. posts.Select(p => ownMajor(d, p.Vacancy))])));
    }

    [Theory]
    [InlineData(Degree.Associate, "社区就业服务专员")]
    [InlineData(Degree.Bachelor, "会计0")]
    [InlineData(Degree.Doctorate, "机械设计0")]
    public void Candidates_RatedPerLevel_AppealHalfTakesTheGraduatesLevel(Degree degree, string expected)
    {
        // Each level rates a different post highest; a 博士 takes the nearest level rated, 硕士.
        var index = IndexWithLevels((d, v) => (d, v.Title) is (Degree.Associate, "社区就业服务专员") or (Degree.Bachelor, "会计0") or (Degree.Master, "机械设计0") ? 1 : 0, (_, _) => 0);
        Assert.Equal(expected, index.Candidates(Seeker("蒙古语言文学", degree), 2)[0].Vacancy.Title);
    }

    [Fact]
    public void Candidates_RatedPerLevel_AppealHalfDoesNotFilterByDegree()
    {
        // The model's rating for the level already weighs the unmet degree: a post it rates highest for 大专 is kept.
        var index = IndexWithLevels((d, v) => d == Degree.Associate && v.Title == "会计3" ? 1 : 0, (_, _) => 0);
        Assert.Equal("会计3", index.Candidates(Seeker("蒙古语言文学", Degree.Associate), 2)[0].Vacancy.Title);
    }

    [Fact]
    public void ByDegree_HeuristicScorer_OwnMajorRatesNamedMajorPostsHigherAndOpenPostsTheSame()
    {
        var posts = Market.Select(v => new PostProfile(v, MajorCatalog.Default)).ToList();
        var levels = PostAppeal.ByDegree(posts, Liuhu.Matching.Ranking.HeuristicScorer.ForGraduate, Samples.Now);
        var software = posts.FindIndex(p => p.Vacancy.Title == "软件开发0");
        var open = posts.FindIndex(p => p.Vacancy.Title == "社区就业服务专员");
        Assert.Equal(PostAppeal.Levels, levels.Keys.Order());
        Assert.True(levels[Degree.Bachelor].OwnMajor[software] > levels[Degree.Bachelor].AnyMajor[software]);
        Assert.Equal(levels[Degree.Bachelor].AnyMajor[open], levels[Degree.Bachelor].OwnMajor[open]);
        Assert.True(levels[Degree.Bachelor].AnyMajor[software] > levels[Degree.Associate].AnyMajor[software]); // 大专 does not meet 本科
    }

    [Fact]
    public void Candidates_OwnMajorRatingAboveAppeal_ClassPostsAlsoFillTheAppealHalf()
    {
        // Four slots: two from the lists (the major class), two from the appeal half, where the class's posts rated
        // for their own major (1) come before the 会计 posts rated 0.5 for any major.
        var index = IndexWithLevels((_, v) => v.Title.StartsWith("会计", StringComparison.Ordinal) ? 0.5f : 0, (_, v) => v.Title.StartsWith("软件开发", StringComparison.Ordinal) ? 1 : 0);
        Assert.All(index.Candidates(Seeker("软件工程"), 4), p => Assert.StartsWith("软件开发", p.Vacancy.Title, StringComparison.Ordinal));
    }

    [Fact]
    public void Candidates_GraduateSkillImpliesPostSkill_Retrieved()
    {
        var posts = Market.Append(Samples.Post("电气工程师", majors: ["自动化"], skills: ["PLC编程"], cluster: "modern-equipment", district: "etdz"));
        var candidates = Index(posts).Candidates(Seeker("汉语言文学", skills: ["西门子PLC"]), 1);
        Assert.Equal("电气工程师", Assert.Single(candidates).Vacancy.Title);
    }

    [Fact]
    public void Candidates_PostSkillOnlyInDescription_RetrievedBySkill()
    {
        var posts = Market.Append(Samples.Post("维修技术员", majors: ["自动化"], skills: [], cluster: "modern-equipment", district: "etdz") with { Description = "负责三菱PLC程序调试" });
        var candidates = Index(posts).Candidates(Seeker("汉语言文学", skills: ["三菱PLC"]), 1);
        Assert.Equal("维修技术员", Assert.Single(candidates).Vacancy.Title);
    }

    private static IEnumerable<PostProfile> Heuristic(SeekerProfile seeker, IReadOnlyList<PostProfile> posts) =>
        Ranker.Rank(seeker, posts, null, Samples.Now).Select(r => r.Post);

    private static GraduateProfile Graduate(string id, string major, Degree degree) =>
        Samples.Graduate(major: major, majorCode: null, degree: degree, skills: [], clusters: [], districts: []) with { GraduateId = id };

    [Fact]
    public void Measure_LimitCoversEveryPost_RecallOneNoZeroAndEveryGroup()
    {
        var graduates = new[] { Graduate("A", "蒙古语言文学", Degree.Bachelor), Graduate("B", "计算机应用技术", Degree.Associate), Graduate("C", "软件工程", Degree.Master) };
        var result = CandidateRecall.Measure(graduates, Index(), MajorCatalog.Default, Heuristic, limit: 100, top: 5);
        Assert.Equal(0, result.ZeroCandidateGraduates);
        Assert.All(result.Groups, g => Assert.Equal(1.0, g.Recall));
        Assert.Contains(result.Groups, g => g is { Dimension: "medium", Group: "蒙授", Graduates: 1 });
        Assert.Contains(result.Groups, g => g is { Dimension: "catalogue", Group: "高职专业", Graduates: 1 });
        Assert.Contains(result.Groups, g => g is { Dimension: "degree", Group: "硕士" });
        Assert.Contains(result.Groups, g => g is { Dimension: "discipline", Group: "文学" });
    }

    [Fact]
    public void Measure_LimitBelowTop_RecallBelowOne()
    {
        // Two posts fit the graduate best; a limit of one can hold only one of them.
        var posts = Market.Where(v => !v.Title.StartsWith("软件开发", StringComparison.Ordinal)).Concat(Market.Where(v => v.Title.StartsWith("软件开发", StringComparison.Ordinal)).Take(2));
        var result = CandidateRecall.Measure([Graduate("A", "软件工程", Degree.Bachelor)], Index(posts), MajorCatalog.Default, Heuristic, limit: 1, top: 2);
        Assert.All(result.Groups, g => Assert.Equal(0.5, g.Recall, 3));
    }

    [Fact]
    public void Measure_NoOpenPosts_CountsZeroCandidateGraduates()
    {
        var result = CandidateRecall.Measure([Graduate("A", "软件工程", Degree.Bachelor)], Index([]), MajorCatalog.Default, Heuristic);
        Assert.Equal(1, result.ZeroCandidateGraduates);
    }
}
