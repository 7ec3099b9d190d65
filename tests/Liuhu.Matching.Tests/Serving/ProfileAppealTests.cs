using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Matching.Features;
using Liuhu.Matching.Ranking;
using Liuhu.Matching.Serving;
using Liuhu.Ml.Cli;

namespace Liuhu.Matching.Tests.Serving;

/// <summary>The candidate stage follows what the model learned per graduate profile cell (<see cref="ProfileAppeal"/>):
/// level, pay band and whether a post is in the graduate's preferred cluster and district.</summary>
public class ProfileAppealTests
{
    // Well-paid posts in saihan; poorly paid ones in etdz, each paying a little more than the last. Every post names a major, so no list finds them by district.
    private static readonly IReadOnlyList<Vacancy> Market =
    [
        .. Enumerable.Range(0, 20).Select(i => Samples.Post("软件开发" + i, majors: ["软件工程"], skills: ["Java"], cluster: "next-gen-it", district: "saihan", min: 8000, max: 9000)),
        .. Enumerable.Range(0, 10).Select(i => Samples.Post("机械设计" + i, majors: ["机械设计制造及其自动化"], skills: ["CAD"], cluster: "modern-equipment", district: "etdz", min: 3000 + (100 * i), max: 3500 + (100 * i))),
    ];

    /// <summary>A model that learned graduates go where they said (district) far more than after pay.</summary>
    private static readonly WeightedScorer DistrictFirst = new("district-first", PairFeatures.Schema,
    [
        (PairFeatures.DistrictPreferred, r => 10 * r[PairFeatures.DistrictPreferred]),
        (PairFeatures.MonthlyPay, r => 0.1f * r[PairFeatures.MonthlyPay]),
    ]);

    private static List<PostProfile> Posts() => [.. Market.Select(v => new PostProfile(v, MajorCatalog.Default))];

    private static SeekerProfile Seeker(string[] districts, int? salary = 5000, Residency residency = Residency.HohhotHukou, string? gender = null, string? ethnicity = null) =>
        new(Samples.Graduate(major: "蒙古语言文学", majorCode: null, skills: [], clusters: [], districts: districts, salary: salary, residency: residency, gender: gender, ethnicity: ethnicity),
            MajorCatalog.Default);

    [Theory]
    [InlineData(null, 0)]
    [InlineData(2000, 1)]
    [InlineData(4100, 1)]
    [InlineData(4300, 2)]
    [InlineData(6000, 3)]
    [InlineData(20000, 3)]
    public void BandOf_ExpectedPay_NearestBandOnLogScale(int? expected, int band) => Assert.Equal(band, ProfileAppeal.BandOf(expected));

    [Fact]
    public void Of_DistrictModel_InCellRatesAboveNoneAboveOut()
    {
        var posts = Posts();
        var cells = ProfileAppeal.Of(posts, DistrictFirst, Samples.Now, Degree.Bachelor);
        Assert.Equal(ProfileAppeal.CellCount, cells.Length);
        Assert.All(cells, c => Assert.Equal(posts.Count, c.Length));
        var band = ProfileAppeal.BandOf(5000);
        Assert.All(Enumerable.Range(0, posts.Count), i =>
        {
            Assert.True(cells[ProfileAppeal.Cell(band, 0, 1)][i] > cells[ProfileAppeal.Cell(band, 0, 0)][i]);
            Assert.True(cells[ProfileAppeal.Cell(band, 0, 0)][i] > cells[ProfileAppeal.Cell(band, 0, 2)][i]);
        });
    }

    [Fact]
    public void Candidates_ModelFollowsPreferredDistrict_AppealHalfBringsThatDistrictsPosts()
    {
        var index = new VacancyIndex(Posts(), Samples.Now, PostAppeal.ByDegree(Posts(), DistrictFirst, Samples.Now));
        // No list finds these graduates anything, so the appeal half (two of four) is what they get first.
        Assert.All(index.Candidates(Seeker(["etdz"]), 4).Take(2), p => Assert.Equal("etdz", p.Vacancy.District));
        Assert.All(index.Candidates(Seeker([]), 4).Take(2), p => Assert.Equal("saihan", p.Vacancy.District));
    }

    [Fact]
    public void Candidates_WithoutCells_AppealHalfMissesThePreferredDistrict()
    {
        // The same ratings without the cells (as a snapshot written before them): the level's any-major rating, for a
        // graduate with no preferences, puts the well-paid saihan posts first — what the cells are for.
        var levels = PostAppeal.ByDegree(Posts(), DistrictFirst, Samples.Now).ToDictionary(l => l.Key, l => l.Value with { Cells = null });
        var index = new VacancyIndex(Posts(), Samples.Now, levels);
        Assert.All(index.Candidates(Seeker(["etdz"]), 4).Take(2), p => Assert.Equal("saihan", p.Vacancy.District));
    }

    [Fact]
    public void Measure_ModelFollowsPreferredDistrict_FullRecall()
    {
        var posts = Posts();
        var index = new VacancyIndex(posts, Samples.Now, PostAppeal.ByDegree(posts, DistrictFirst, Samples.Now));
        var graduate = Samples.Graduate(major: "蒙古语言文学", majorCode: null, skills: [], clusters: [], districts: ["etdz"], salary: 5000);
        var result = CandidateRecall.Measure([graduate], index, MajorCatalog.Default,
            (seeker, candidates) => Ranker.Rank(seeker, candidates, DistrictFirst, Samples.Now).Select(r => r.Post), limit: 4, top: 2);
        Assert.All(result.Groups, g => Assert.Equal(1.0, g.Recall));
    }

    [Fact]
    public void Candidates_WithCells_ResidencyAndProtectedAttributesChangeNothing()
    {
        var index = new VacancyIndex(Posts(), Samples.Now, PostAppeal.ByDegree(Posts(), DistrictFirst, Samples.Now));
        string[] Ids(SeekerProfile s) => [.. index.Candidates(s, 6).Select(p => p.Vacancy.VacancyId)];
        var local = Ids(Seeker(["etdz"], residency: Residency.HohhotHukou, gender: "男", ethnicity: "汉族"));
        Assert.Equal(local, Ids(Seeker(["etdz"], residency: Residency.External, gender: "女", ethnicity: "蒙古族")));
        Assert.Equal(local, Ids(Seeker(["etdz"], residency: Residency.HohhotResident)));
    }

    [Fact]
    public void Candidates_CellsByPayBand_GraduateTakesOwnBand()
    {
        // Hand-made cells: band 1 (3,500) rates 机械设计0 highest, band 3 (7,000) 软件开发5.
        var posts = Posts();
        float[][] Cells() => [.. Enumerable.Range(0, ProfileAppeal.CellCount).Select(cell => posts.Select(p =>
            (cell / 9, p.Vacancy.Title) is (1, "机械设计0") or (3, "软件开发5") ? 1f : 0f).ToArray())];
        var index = new VacancyIndex(posts, Samples.Now, PostAppeal.Levels.ToDictionary(d => d, _ => new LevelAppeal(new float[posts.Count], new float[posts.Count], Cells())));
        Assert.Equal("机械设计0", index.Candidates(Seeker([], salary: 3500), 2)[0].Vacancy.Title);
        Assert.Equal("软件开发5", index.Candidates(Seeker([], salary: 7500), 2)[0].Vacancy.Title);
    }

    [Fact]
    public void Rearranged_KeptAndRatedAgain_EachPostKeepsItsCells()
    {
        var kept = new LevelAppeal([1, 2], [3, 4], [[5, 6], [7, 8]]);
        var fresh = new LevelAppeal([9], [10], [[11], [12]]);
        var merged = fresh.Rearranged(kept, [(1, -1), (-1, 0), (0, -1)]);
        Assert.Equal([2f, 9f, 1f], merged.AnyMajor);
        Assert.Equal([4f, 10f, 3f], merged.OwnMajor);
        Assert.Equal([6f, 11f, 5f], merged.Cells![0]);
        Assert.Equal([8f, 12f, 7f], merged.Cells[1]);
        Assert.Null(fresh.Rearranged(kept with { Cells = null }, [(0, -1), (-1, 0)]).Cells);
    }

    [Theory]
    [InlineData(1000, 300)]
    [InlineData(50, 300)]
    [InlineData(5000, 1)]
    public void Top_RandomRatingsWithTies_EqualsFullSortRatingThenPosition(int count, int take)
    {
        var random = new Random(count + take);
        var scores = Enumerable.Range(0, count).Select(_ => random.Next(10) == 0 ? float.MinValue : random.Next(40) / 4f).ToArray();

        var expected = Enumerable.Range(0, count).Where(i => scores[i] != float.MinValue)
            .OrderByDescending(i => scores[i]).ThenBy(i => i).Take(take).ToList();

        Assert.Equal(expected, ProfileCells.Top(scores, count, take));
    }

    [Theory]
    [InlineData(3000, 5, 4, 300, 1)]
    [InlineData(3000, 2, 1, 700, 2)] // groups of ~1,500 posts and a limit past their kept prefix: every post read instead
    [InlineData(40, 3, 3, 300, 3)]
    [InlineData(2000, 4, 2, 1, 4)]
    public void PersonalTop_RandomCellsTiesAndPreferences_EqualsEveryPostsCellRatingSorted(int count, int clusters, int districts, int take, int seed)
    {
        var random = new Random(seed);
        var posts = Enumerable.Range(0, count)
            .Select(i => new PostProfile(Samples.Post("岗位" + i, cluster: "c" + random.Next(clusters), district: "d" + random.Next(districts)), MajorCatalog.Default)).ToList();
        float Rating() => random.Next(12) switch { 0 => float.MinValue, 1 => -0f, _ => random.Next(-8, 40) / 4f };
        var cells = Enumerable.Range(0, ProfileAppeal.CellCount).Select(_ => posts.Select(_ => Rating()).ToArray()).ToArray();
        var profileCells = new ProfileCells(posts);
        string[] Some(string prefix, int of) => [.. Enumerable.Range(0, of + 1).Where(_ => random.Next(3) == 0).Select(k => prefix + k)]; // "of" itself is no post's
        for (var q = 0; q < 40; q++)
        {
            var seeker = new SeekerProfile(Samples.Graduate(clusters: Some("c", clusters), districts: Some("d", districts), salary: new int?[] { null, 3000, 5000, 8000 }[random.Next(4)]), MajorCatalog.Default);
            int State(HashSet<string> preferred, string? code) => preferred.Count == 0 ? 0 : code is not null && preferred.Contains(code) ? 1 : 2;
            var rating = posts.Select((p, i) => cells[ProfileAppeal.Cell(ProfileAppeal.BandOf(seeker.ExpectedSalary),
                State(seeker.PreferredClusters, p.Vacancy.Cluster), State(seeker.PreferredDistricts, p.Vacancy.District))][i]).ToArray();
            List<int> Expected(IEnumerable<int> ids, int n) => [.. ids.Where(i => rating[i] != float.MinValue).OrderByDescending(i => rating[i]).ThenBy(i => i).Take(n)];

            var personal = profileCells.For(seeker, cells);
            Assert.Equal(Expected(Enumerable.Range(0, count), take), personal.Top(take));
            var some = Enumerable.Range(0, count).Where(_ => random.Next(4) == 0).ToList();
            Assert.Equal(Expected(some, take / 3), personal.Top(some, take / 3));
        }
    }

    [Fact]
    public void PrepareAll_CellOrdersSortedBeforeAnyRequest_SameCandidatesAsSortedOnFirstRead()
    {
        var market = new MarketSimulator(21).Generate(3000, 200, Samples.Now);
        var posts = market.Vacancies.Select(v => new PostProfile(v, MajorCatalog.Default)).ToList();
        var random = new Random(21);
        float Rating() => random.Next(12) switch { 0 => float.MinValue, 1 => -0f, _ => random.Next(-8, 40) / 4f };
        float[] Ratings() => [.. posts.Select(_ => Rating())];
        var levels = PostAppeal.Levels.ToDictionary(d => d, _ => new LevelAppeal(Ratings(), Ratings(), [.. Enumerable.Range(0, ProfileAppeal.CellCount).Select(_ => Ratings())]));
        var onFirstRead = new VacancyIndex(posts, Samples.Now, levels);
        var prepared = new VacancyIndex(posts, Samples.Now, levels);
        var cells = PostAppeal.Levels.Count * ProfileAppeal.CellCount;

        Assert.Equal((0, cells), prepared.CellOrders);
        prepared.PrepareAll();
        Assert.Equal((cells, cells), prepared.CellOrders);

        var seekers = market.Graduates.Select(g => new SeekerProfile(g, MajorCatalog.Default)).ToList();
        Assert.Contains(seekers, s => s.PreferredClusters.Count > 0 || s.PreferredDistricts.Count > 0);
        foreach (var seeker in seekers)
        {
            Assert.Equal(onFirstRead.Candidates(seeker, 80).Select(p => p.Vacancy.VacancyId), prepared.Candidates(seeker, 80).Select(p => p.Vacancy.VacancyId));
        }

        // The other index sorted the cells its requests read, and only those.
        Assert.InRange(onFirstRead.CellOrders.Sorted, 1, cells);
    }
}
