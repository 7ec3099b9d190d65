using System.Text.Json;
using System.Text.RegularExpressions;
using Liuhu.Core.Domain;
using Liuhu.Testing;

namespace Liuhu.Core.Tests.Domain;

public partial class MajorCatalogTests
{
    private static readonly MajorCatalog Catalog = MajorCatalog.Default;

    private static JsonElement Data(string file)
    {
        var path = Path.Combine(AzuriteFixture.RepositoryRoot(), "core", "Domain", file);
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    }

    [Theory]
    [InlineData("majors-undergraduate.json")]
    [InlineData("majors-vocational.json")]
    public void DataFile_CodesUniqueAndEachMajorInAKnownClassOfAKnownDiscipline(string file)
    {
        var root = Data(file);
        var disciplines = root.GetProperty("disciplines").EnumerateArray().Select(d => d.GetProperty("code").GetString()!).ToList();
        var classes = root.GetProperty("classes").EnumerateArray().Select(c => c.GetProperty("code").GetString()!).ToList();
        var majors = root.GetProperty("majors").EnumerateArray().Select(m => m.GetProperty("code").GetString()!).ToList();
        Assert.Equal(disciplines.Count, disciplines.Distinct().Count());
        Assert.Equal(classes.Count, classes.Distinct().Count());
        Assert.Equal(majors.Count, majors.Distinct().Count());
        Assert.All(disciplines, d => Assert.Matches(TwoDigits(), d));
        Assert.All(classes, c => Assert.Matches(FourDigits(), c));
        Assert.All(classes, c => Assert.Contains(c[..2], disciplines));
        Assert.All(majors, m => Assert.Matches(MajorCode(), m));
        Assert.All(majors, m => Assert.Contains(m[..4], classes));
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("source").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("version").GetString()));
    }

    [Fact]
    public void DataFiles_NoMajorNameInBothCatalogues_AndNoAliasShadowsAnotherMajorsName()
    {
        var names = new[] { "majors-undergraduate.json", "majors-vocational.json" }
            .SelectMany(f => Data(f).GetProperty("majors").EnumerateArray().Select(m => (Name: m.GetProperty("name").GetString()!, Code: m.GetProperty("code").GetString()!, Aliases: m.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()!).ToList())))
            .ToList();
        var byName = names.GroupBy(n => n.Name).ToDictionary(g => g.Key, g => g.Select(n => n.Code).ToList());
        Assert.All(names.SelectMany(n => n.Aliases.Select(a => (Alias: a, n.Code))), a => Assert.True(!byName.TryGetValue(a.Alias, out var codes) || codes.Contains(a.Code), $"alias {a.Alias} of {a.Code} is another major's name"));
        Assert.All(byName, n => Assert.True(n.Value.Count == 1 || n.Value.Select(MajorCatalog.LevelOf).Distinct().Count() == n.Value.Count, $"{n.Key} repeated in one catalogue"));
    }

    [Fact]
    public void Crosswalk_EveryPairJoinsAKnownVocationalClassToKnownUndergraduateClasses()
    {
        var root = Data("major-crosswalk.json");
        foreach (var pair in root.GetProperty("classes").EnumerateArray())
        {
            var vocational = pair.GetProperty("vocational").GetString()!;
            Assert.True(Catalog.IsClass(vocational), vocational);
            Assert.Equal(MajorLevel.Vocational, MajorCatalog.LevelOf(vocational));
            Assert.All(pair.GetProperty("undergraduate").EnumerateArray().Select(u => u.GetString()!), u =>
            {
                Assert.True(Catalog.IsClass(u), u);
                Assert.Equal(MajorLevel.Undergraduate, MajorCatalog.LevelOf(u));
            });
        }

        Assert.All(root.GetProperty("disciplineGroups").EnumerateArray().SelectMany(g => g.GetProperty("disciplines").EnumerateArray()),
            d => Assert.NotNull(Catalog.DisciplineNameOf(d.GetString()!)));
    }

    [Fact]
    public void MongolianMedium_EveryEntryNamesAKnownMajor() =>
        Assert.All(Data("majors-mongolian-medium.json").GetProperty("majors").EnumerateArray(), m => Assert.NotNull(Catalog.NameOf(m.GetProperty("code").GetString()!)));

    [Fact]
    public void Load_AllFilesNamedWithSourceAndVersion_BothCataloguesComplete()
    {
        Assert.Equal(["majors-undergraduate.json", "majors-vocational.json", "majors-mongolian-medium.json", "major-crosswalk.json"], Catalog.Sources.Select(s => s.File));
        Assert.Contains(Catalog.Sources, s => s.Version == "2024");
        Assert.Equal(12, Catalog.DisciplineCodes.Count(d => MajorCatalog.LevelOf(d) == MajorLevel.Undergraduate));
        Assert.Equal(19, Catalog.DisciplineCodes.Count(d => MajorCatalog.LevelOf(d) == MajorLevel.Vocational));
        Assert.True(Catalog.ClassCodes.Count(c => MajorCatalog.LevelOf(c) == MajorLevel.Undergraduate) >= 90);
        Assert.True(Catalog.Count > 450);
    }

    [Theory]
    [InlineData("计算机科学与技术", Degree.Bachelor, "080901")]
    [InlineData("计算机", Degree.Bachelor, "080901")]
    [InlineData("计算机应用技术", Degree.Associate, "510201")]
    [InlineData("蒙古语言文学", Degree.Bachelor, "050104")]
    [InlineData("数学与应用数学（蒙授）", Degree.Bachelor, "070101")]
    [InlineData("会计学(蒙古语授课)", Degree.Bachelor, "120203K")]
    [InlineData("蒙药学", Degree.Bachelor, "100804T")]
    [InlineData("护理学", Degree.Bachelor, "101101")]
    [InlineData("护理", Degree.Associate, "520201")]
    [InlineData("药学", Degree.Bachelor, "100701")]
    [InlineData("药学", Degree.Associate, "520301")]
    [InlineData("电子商务", Degree.Associate, "530701")]
    [InlineData("080901", Degree.Associate, "080901")]
    public void CodeOf_NameAliasMarkOrCode_ThatLevelsMajor(string name, Degree degree, string code) =>
        Assert.Equal(code, Catalog.CodeOf(name, degree));

    [Fact]
    public void CodeOf_NameNotInCatalogue_Null() => Assert.Null(Catalog.CodeOf("量子区块链管理"));

    [Theory]
    [InlineData("蒙古语言文学", true)]
    [InlineData("蒙医学", true)]
    [InlineData("计算机科学与技术（蒙授）", true)]
    [InlineData("会计学(蒙古语授课)", true)]
    [InlineData("计算机科学与技术", false)]
    [InlineData("汉语言文学", false)]
    public void IsMongolianMedium_ListedOrMarked(string major, bool expected) => Assert.Equal(expected, Catalog.IsMongolianMedium(major));

    [Fact]
    public void Crosswalk_VocationalComputingAndUndergraduateComputingRelated()
    {
        Assert.Contains("0809", Catalog.Crosswalk("5102"));
        Assert.Contains("5102", Catalog.Crosswalk("0809"));
        Assert.Equal(["0809", "5102"], Catalog.ClassesNamed("计算机类").Order());
    }

    [GeneratedRegex(@"^\d{2}$")]
    private static partial Regex TwoDigits();

    [GeneratedRegex(@"^\d{4}$")]
    private static partial Regex FourDigits();

    [GeneratedRegex(@"^\d{6}(T|K|TK)?$")]
    private static partial Regex MajorCode();
}
