using System.Text;
using Liuhu.Core.Catalogues;
using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;

namespace Liuhu.Core.Tests.Catalogues;

public class CatalogueBuilderTests
{
    internal static readonly Period March = new(2024, 3);

    internal static Vacancy Post(string title, int headcount, string cluster = "new-energy", string[]? majors = null, Degree degree = Degree.Bachelor,
        DateTimeOffset? firstSeen = null, DateOnly? expires = null, int min = 5000, int max = 8000, string credit = "91350100M000100Y43", string? id = null) => new()
    {
        VacancyId = id ?? VacancyIds.FromTitle(credit, title, "saihan"),
        EmployerCreditCode = credit,
        EmployerName = "示范",
        Title = title,
        Headcount = headcount,
        Cluster = cluster,
        Degree = degree,
        Majors = majors ?? ["电气工程及其自动化"],
        Salary = new SalaryRange(min, max, false),
        District = "saihan",
        FirstSeenAt = firstSeen ?? new DateTimeOffset(2024, 3, 5, 0, 0, 0, TimeSpan.FromHours(8)),
        ExpiresOn = expires,
        LedgerId = "L",
    };

    private static GraduateProfile Graduate(string major, Degree degree = Degree.Bachelor) => new()
    {
        GraduateId = Guid.NewGuid().ToString("N"),
        Degree = degree,
        Major = major,
        Consent = new Consent(true, true),
    };

    [Fact]
    public void Period_BeijingMonthBoundaries()
    {
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.FromHours(8)), March.Start);
        Assert.Equal(new Period(2024, 2), Period.Of(new DateTimeOffset(2024, 2, 29, 15, 59, 59, TimeSpan.Zero)));
        Assert.Equal(March, Period.Of(new DateTimeOffset(2024, 2, 29, 16, 0, 0, TimeSpan.Zero))); // 00:00 on 1 March in Beijing
        Assert.Equal(new Period(2023, 12), new Period(2024, 1).Previous);
        Assert.False(Period.TryParse("2024-13", out _));
    }

    /// <summary>Issue 9: 22 employers × 1,000 rows at the largest headcount a row can hold overflowed Enumerable.Sum
    /// of int. Whatever per-row bound the ledger rules set, the sums are 64-bit and exact.</summary>
    [Fact]
    public void Build_22EmployersBy1000RowsAtMaximumHeadcount_SumsExactWithoutOverflow()
    {
        var posts = Enumerable.Range(0, 22).SelectMany(e => Enumerable.Range(0, 1_000).Select(i =>
            Post("储能工程师", int.MaxValue, credit: "9115010000000" + e.ToString("D5", System.Globalization.CultureInfo.InvariantCulture), id: $"E{e}-P{i}",
                majors: ["电气工程及其自动化", "软件工程"]) with { Skills = ["Python"] })).ToList();

        var catalogue = CatalogueBuilder.Build(March, posts, [Graduate("电气工程及其自动化")], DateTimeOffset.UnixEpoch);

        const long expected = 22L * 1_000 * int.MaxValue;
        Assert.Equal(expected, catalogue.Overall.Headcount);
        Assert.Equal(expected, catalogue.Clusters.Single().Headcount);
        Assert.Equal(expected, catalogue.Overall.Titles.Single().Headcount);
        Assert.Equal(expected, catalogue.Overall.DegreeMix.Single().Count);
        Assert.Equal(expected, catalogue.Overall.Districts.Single().Count);
        Assert.Equal(expected, catalogue.Overall.TopMajors.First().Count);
        Assert.Equal(expected, catalogue.Overall.TopSkills.Single().Count);
        Assert.Equal(["储能工程师"], catalogue.Change.NewTitles);
        Assert.Equal(expected / 1.0, catalogue.Overall.ShortageIndex);
        Assert.Contains(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), Encoding.UTF8.GetString(CatalogueCsv.Write(catalogue)), StringComparison.Ordinal);
        Assert.Contains(expected.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), CataloguePage.Render(catalogue), StringComparison.Ordinal);
    }

    [Fact]
    public void IsOpenIn_ExpiredBeforeOrFirstSeenAfter_NotOpen()
    {
        Assert.True(CatalogueBuilder.IsOpenIn(Post("甲", 1), March));
        Assert.False(CatalogueBuilder.IsOpenIn(Post("乙", 1, expires: new DateOnly(2024, 2, 28)), March));
        Assert.False(CatalogueBuilder.IsOpenIn(Post("丙", 1, firstSeen: new DateTimeOffset(2024, 4, 2, 0, 0, 0, TimeSpan.FromHours(8))), March));
        Assert.False(CatalogueBuilder.IsOpenIn(Post("丁", 1) with { Status = VacancyStatus.Filled, UpdatedAt = new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero) }, March));
    }

    [Theory]
    [InlineData(0.25, 2)]
    [InlineData(0.5, 3)]
    [InlineData(0.75, 4)]
    [InlineData(1.0, 5)]
    public void Percentile_NearestRank(double p, int expected) => Assert.Equal(expected, CatalogueBuilder.Percentile([1, 2, 3, 4, 5], p));

    [Fact]
    public void Build_ShortageIndex_HeadcountOverFittingGraduates()
    {
        var posts = new[] { Post("电气工程师", 6), Post("电气运维", 4) };
        var graduates = new[]
        {
            Graduate("电气工程及其自动化"), Graduate("自动化"), Graduate("电气工程及其自动化", Degree.Associate), Graduate("会计学"),
            Graduate("电气工程及其自动化"), Graduate("电气工程及其自动化"), Graduate("电气工程及其自动化"), Graduate("电气工程及其自动化"),
        };
        var catalogue = CatalogueBuilder.Build(March, posts, graduates, March.Start);
        var energy = Assert.Single(catalogue.Clusters);
        Assert.Equal(10, energy.Headcount);
        Assert.Equal(5, energy.FittingGraduates); // 电气 class 0806 at bachelor level; 自动化 (0808), the associate and the accountant do not fit
        Assert.Equal(2.0, energy.ShortageIndex);
        Assert.Equal("紧缺", energy.Level);
        Assert.Equal(["较紧缺", "一般", "紧缺"], new double?[] { 1.5, 0.5, null }.Select(CatalogueBuilder.Level));
    }

    [Fact]
    public void Build_ChangeAgainstPreviousPeriod_NewGrownShrunk()
    {
        var feb = new DateTimeOffset(2024, 2, 5, 0, 0, 0, TimeSpan.FromHours(8));
        var posts = new[]
        {
            Post("运维", 3, firstSeen: feb, expires: new DateOnly(2024, 2, 29), id: "91350100M000100Y43-P1"),
            Post("运维", 8, id: "91350100M000100Y43-P2"),
            Post("质检", 5, firstSeen: feb, expires: new DateOnly(2024, 2, 29), id: "91350100M000100Y43-P3"),
            Post("质检", 2, id: "91350100M000100Y43-P4"),
            Post("数据分析", 4, id: "91350100M000100Y43-P5"),
        };
        var change = CatalogueBuilder.Build(March, posts, [], March.Start).Change;
        Assert.Equal(["数据分析"], change.NewTitles);
        Assert.Equal(new TitleChange("运维", 3, 8), Assert.Single(change.Grown));
        Assert.Equal(new TitleChange("质检", 5, 2), Assert.Single(change.Shrunk));
    }

    [Fact]
    public void Build_PostsOpenMoreThan60Days_Listed()
    {
        var old = Post("老岗位", 2, firstSeen: new DateTimeOffset(2023, 12, 1, 0, 0, 0, TimeSpan.FromHours(8)));
        var catalogue = CatalogueBuilder.Build(March, [old, Post("新岗位", 1)], [], March.Start);
        Assert.Equal("老岗位", Assert.Single(catalogue.LongOpen).Title);
    }

    [Fact]
    public void Csv_BomAndFormulaCellsNeutralised()
    {
        var catalogue = CatalogueBuilder.Build(March, [Post("=cmd|' /C calc'!A0", 2), Post("运维,夜班", 1)], [], March.Start);
        var bytes = CatalogueCsv.Write(catalogue);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.Contains(",'=cmd|'/Ccalc'!A0,", text, StringComparison.Ordinal);
        Assert.Contains("\"运维,夜班\"", text, StringComparison.Ordinal);
        Assert.Equal(["'+1", "'-1", "'@x", "ok"], new[] { "+1", "-1", "@x", "ok" }.Select(CatalogueCsv.Cell));
    }

    [Fact]
    public void Page_HeadingsChartsAndTableFallbacksWithoutExternalResources()
    {
        var html = CataloguePage.Render(CatalogueBuilder.Build(March, [Post("运维", 3), Post("质检", 2, cluster: "green-agrifood", majors: ["食品质量与安全"])], [], March.Start));
        Assert.Contains("<h1>", html, StringComparison.Ordinal);
        Assert.Equal(4, html.Split("<figure").Length - 1);
        Assert.Equal(4, html.Split("<details>").Length - 1);
        Assert.Contains("name=\"viewport\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }
}
