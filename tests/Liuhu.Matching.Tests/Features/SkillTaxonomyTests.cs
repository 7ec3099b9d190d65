using Liuhu.Matching.Features;

namespace Liuhu.Matching.Tests.Features;

public class SkillTaxonomyTests
{
    private static bool Covers(string graduate, string post) =>
        Skills.Covers(Skills.Canonical(graduate), TextSimilarity.Bigrams(Skills.Canonical(graduate)), Skills.Canonical(post), TextSimilarity.Bigrams(Skills.Canonical(post)));

    [Theory]
    [InlineData("Java", "JavaScript")]
    [InlineData("SQL", "NoSQL")]
    [InlineData("药学", "中药学")]
    [InlineData("化学", "生物化学")]
    [InlineData("Excel", "Word")]
    [InlineData("低压电工证", "高压电工证")]
    [InlineData("C语言", "C++")]
    public void Covers_NeverEqualPair_ApartBothWays(string a, string b)
    {
        Assert.False(Covers(a, b));
        Assert.False(Covers(b, a));
    }

    [Theory]
    [InlineData("设备维护", "设备维修")]
    [InlineData("CET-4", "英语四级")]
    [InlineData("大学英语四级", "CET4")]
    [InlineData("PLC", "PLC编程")]
    [InlineData("linux", "Linux")]
    [InlineData("Excel", "Excel")]
    public void Covers_AliasPair_MatchBothWays(string a, string b)
    {
        Assert.True(Covers(a, b));
        Assert.True(Covers(b, a));
    }

    [Theory]
    [InlineData("西门子PLC", "PLC编程")]
    [InlineData("三菱PLC", "PLC编程")]
    [InlineData("英语六级", "英语四级")]
    [InlineData("高压电工证", "电工证")]
    [InlineData("AutoCAD", "识图")]
    [InlineData("CAD", "制图")]
    [InlineData("Excel", "办公软件")]
    [InlineData("熟悉西门子S7-1200", "PLC编程")]
    public void Covers_NarrowerSkill_MeetsBroaderNotReverse(string narrower, string broader)
    {
        Assert.True(Covers(narrower, broader));
        Assert.False(Covers(broader, narrower));
    }

    [Fact]
    public void Covers_BothOutsideTaxonomy_TextFallback()
    {
        Assert.True(Covers("乳品感官评定", "感官评定"));
        Assert.False(Covers("乳品感官评定", "焊接机器人离线编程"));
    }

    [Fact]
    public void Segment_DescriptionWithLatinAndChinese_LongestMatchesAsWords()
    {
        var terms = SkillTaxonomy.Default.Segment("负责西门子PLC编程与设备维护，熟悉JavaScript和MySQL，持CET-6");
        Assert.Equal(["西门子plc", "设备维修", "javascript", "mysql", "英语六级"], terms);
        Assert.DoesNotContain("java", terms);
        Assert.DoesNotContain("sql", terms);
    }

    [Fact]
    public void Expand_PhraseNamingSeveral_EachSkill() =>
        Assert.Equal(["autocad", "solidworks"], Skills.Expand("熟练使用AutoCAD和SolidWorks"));

    [Fact]
    public void Taxonomy_EverySkillHasBothNames_ParentsKnown_PairsKnown()
    {
        var taxonomy = SkillTaxonomy.Default;
        Assert.False(string.IsNullOrWhiteSpace(taxonomy.Source));
        Assert.False(string.IsNullOrWhiteSpace(taxonomy.Version));
        Assert.All(taxonomy.All, s =>
        {
            Assert.False(string.IsNullOrWhiteSpace(s.Chinese));
            Assert.False(string.IsNullOrWhiteSpace(s.English));
            Assert.All(s.Parents, p => Assert.True(taxonomy.Contains(p), $"{s.Id}: parent {p}"));
            Assert.DoesNotContain(s.Id, s.Parents);
        });
        Assert.All(taxonomy.NeverEqualPairs, p =>
        {
            Assert.True(taxonomy.Contains(p.A), p.A);
            Assert.True(taxonomy.Contains(p.B), p.B);
            Assert.False(taxonomy.SelfAndAncestors(p.A).Contains(p.B) || taxonomy.SelfAndAncestors(p.B).Contains(p.A), $"{p.A} and {p.B} are never equal yet one implies the other");
        });
    }
}
