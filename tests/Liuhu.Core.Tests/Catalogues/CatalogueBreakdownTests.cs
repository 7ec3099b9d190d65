using System.Text;
using Liuhu.Core.Catalogues;
using Liuhu.Core.Domain;
using Liuhu.Testing;

namespace Liuhu.Core.Tests.Catalogues;

/// <summary>The catalogue's breakdowns by 岗位类别 and 企业标签: counts once per group, on their own rows and sheets.</summary>
public class CatalogueBreakdownTests
{
    private static readonly Catalogue Catalogue = CatalogueBuilder.Build(CatalogueBuilderTests.March,
    [
        CatalogueBuilderTests.Post("见习生", 4) with { PostKind = PostKind.Internship, EmployerTags = [EmployerTag.Specialised, EmployerTag.Private] },
        CatalogueBuilderTests.Post("助理", 2, credit: "91150100MA0Q00000X") with { PostKind = PostKind.Internship },
        CatalogueBuilderTests.Post("工程师", 3) with { PostKind = PostKind.Regular, EmployerTags = [EmployerTag.Private] },
        CatalogueBuilderTests.Post("文员", 1),
        CatalogueBuilderTests.Post("过期", 50, expires: new DateOnly(2024, 1, 1)) with { PostKind = PostKind.Dispatch },
    ], [], CatalogueBuilderTests.March.Start);

    [Fact]
    public void Build_ByPostKind_ListOrderThenUnspecified_OpenPostsOnly_AddsUpToOverall()
    {
        Assert.Equal([("regular", 1, 3L, 1), ("internship", 2, 6L, 2), ("unspecified", 1, 1L, 1)],
            Catalogue.PostKinds.Select(g => (g.Code, g.Posts, g.Headcount, g.Employers)).ToList());
        Assert.Equal(Catalogue.Overall.Headcount, Catalogue.PostKinds.Sum(g => g.Headcount));
        Assert.Equal("未注明", Catalogue.PostKinds[^1].Name);
    }

    [Fact]
    public void Build_ByEmployerTag_PostWithTwoTagsCountsUnderBoth()
    {
        Assert.Equal([("specialised", 1, 4L), ("private", 2, 7L), ("unspecified", 2, 3L)], Catalogue.EmployerTags.Select(g => (g.Code, g.Posts, g.Headcount)).ToList());
    }

    [Fact]
    public void Json_OlderCatalogueWithoutBreakdowns_ReadsAsEmpty()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(Catalogue with { ByPostKind = null, ByEmployerTag = null });
        Assert.DoesNotContain("PostKinds", json, StringComparison.Ordinal);
        var back = System.Text.Json.JsonSerializer.Deserialize<Catalogue>(json)!;
        Assert.Empty(back.PostKinds);
        Assert.Empty(back.EmployerTags);
    }

    [Fact]
    public void Csv_GroupRows_CountsAndGroupNameOnly_NoClusterFigures()
    {
        var lines = Encoding.UTF8.GetString(CatalogueCsv.Write(Catalogue)[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).ToList();
        Assert.Equal("分组", lines[0][12]);
        var kinds = lines.Where(l => l[0] == CatalogueCsv.PostKindRow).ToList();
        Assert.Equal(["普通岗位", "就业见习岗位", "未注明"], kinds.Select(k => k[12]).ToList());
        Assert.All(kinds, k => Assert.Equal(string.Empty, k[2] + k[3] + k[7] + k[8] + k[9] + k[10] + k[11]));
        Assert.Equal(Catalogue.Overall.Headcount, kinds.Sum(k => long.Parse(k[5], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(3, lines.Count(l => l[0] == CatalogueCsv.EmployerTagRow));
        Assert.DoesNotContain(lines, l => l[0] == CatalogueCsv.TitleRow && l.Length > 7);
    }

    [Fact]
    public async Task Xlsx_PostKindAndEmployerTagSheets_OneRowPerGroup()
    {
        var bytes = await CatalogueXlsx.WriteAsync(Catalogue, CancellationToken.None);
        var kinds = XlsxBuilder.ReadRows(bytes, CatalogueXlsx.PostKindSheet);
        Assert.Equal(["岗位类别", "岗位数", "招聘人数", "企业数"], kinds[0]);
        Assert.Equal(Catalogue.PostKinds.Select(g => g.Name), kinds.Skip(1).Select(r => r[0]));
        var tags = XlsxBuilder.ReadRows(bytes, CatalogueXlsx.EmployerTagSheet);
        Assert.Equal(["专精特新企业", "民营企业", "未标注"], tags.Skip(1).Select(r => r[0]));
        Assert.Equal(["1", "4", "1"], tags[1][1..]);
    }

    [Fact]
    public void Page_Breakdowns_ChartsShownAlongsideClusterCharts()
    {
        var html = CataloguePage.Render(Catalogue);
        Assert.Contains("id=\"post-kinds\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"employer-tags\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"headcount\"", html, StringComparison.Ordinal);
        Assert.Contains("就业见习岗位", html, StringComparison.Ordinal);
    }
}
