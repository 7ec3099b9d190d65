using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Liuhu.Core.Catalogues;

using Liuhu.Testing;

namespace Liuhu.Core.Tests.Catalogues;

/// <summary>The CSV and .xlsx exports: cluster-level figures on cluster rows or the 集群 sheet, never on a post's row.</summary>
public class CatalogueExportTests
{
    private static readonly Catalogue Catalogue = CatalogueBuilder.Build(CatalogueBuilderTests.March,
    [
        CatalogueBuilderTests.Post("储能工程师", 4, min: 6000, max: 9000),
        CatalogueBuilderTests.Post("=cmd|' /C calc'!A0", 2),
        CatalogueBuilderTests.Post("质检员", 3, cluster: "green-agrifood", majors: ["食品质量与安全"]),
    ], [], CatalogueBuilderTests.March.Start);

    [Fact]
    public void Csv_ClusterFiguresOnClusterRowsOnly_TitleRowsCountsOnly()
    {
        var lines = Encoding.UTF8.GetString(CatalogueCsv.Write(Catalogue)[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(',')).ToList();

        Assert.Equal("记录类型", lines[0][0]);
        var overall = Assert.Single(lines, l => l[0] == CatalogueCsv.OverallRow);
        Assert.Equal("9", overall[5]);
        var clusters = lines.Where(l => l[0] == CatalogueCsv.ClusterRow).ToList();
        Assert.Equal(Catalogue.Clusters.Count, clusters.Count);
        Assert.Equal(9, clusters.Sum(l => int.Parse(l[5], System.Globalization.CultureInfo.InvariantCulture)));
        var newEnergy = Assert.Single(clusters, l => l[2] == "新能源");
        Assert.NotEqual(string.Empty, newEnergy[9]);

        var titles = lines.Where(l => l[0] == CatalogueCsv.TitleRow).ToList();
        Assert.Equal(3, titles.Count);
        Assert.All(titles, t => Assert.Equal(7, t.Length));
        Assert.Contains(titles, t => t[3] == "'=cmd|'/Ccalc'!A0");
    }

    [Fact]
    public async Task Xlsx_OverallClusterAndTitleSheets_NumbersAndInertText()
    {
        var bytes = await CatalogueXlsx.WriteAsync(Catalogue, CancellationToken.None);

        using (var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false))
        {
            Assert.Equal([CatalogueXlsx.OverallSheet, CatalogueXlsx.ClusterSheet, CatalogueXlsx.TitleSheet, CatalogueXlsx.PostKindSheet, CatalogueXlsx.EmployerTagSheet],
                document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value));
            Assert.Empty(document.WorkbookPart.WorksheetParts.SelectMany(p => p.Worksheet.Descendants<CellFormula>()));
        }

        var overall = XlsxBuilder.ReadRows(bytes, CatalogueXlsx.OverallSheet);
        Assert.Contains(overall, r => r[0] == "招聘人数" && r[1] == "9");
        var clusters = XlsxBuilder.ReadRows(bytes, CatalogueXlsx.ClusterSheet);
        Assert.Equal(["产业集群", "岗位数", "招聘人数", "企业数", "紧缺指数", "紧缺程度", "薪资P25", "薪资P50", "薪资P75", "学历分布", "热门专业", "热门技能"], clusters[0]);
        Assert.Equal(9, clusters.Skip(1).Sum(r => int.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture)));
        var titles = XlsxBuilder.ReadRows(bytes, CatalogueXlsx.TitleSheet);
        Assert.Equal(["产业集群", "岗位名称", "岗位数", "招聘人数", "企业数"], titles[0]);
        Assert.Equal(3, titles.Count - 1);
        Assert.Contains(titles, r => r[1] == "=cmd|'/Ccalc'!A0" && r[3] == "2");
    }
}
