using Liuhu.Core.Domain;

namespace Liuhu.Core.Tests.Domain;

public class LawfulContentTests
{
    [Theory]
    [InlineData("限男性", LawfulnessKind.Gender, "限男性")]
    [InlineData("负责巡检，男性优先", LawfulnessKind.Gender, "男性优先")]
    [InlineData("仅限女生", LawfulnessKind.Gender, "仅限女生")]
    [InlineData("限汉族", LawfulnessKind.Ethnicity, "限汉族")]
    [InlineData("蒙古族优先", LawfulnessKind.Ethnicity, "蒙古族优先")]
    [InlineData("无宗教信仰", LawfulnessKind.Religion, "无宗教信仰")]
    [InlineData("已婚已育优先", LawfulnessKind.MaritalOrChildbearing, "已婚已育")]
    [InlineData("三年内无生育计划", LawfulnessKind.MaritalOrChildbearing, "三年内无生育计划")]
    [InlineData("限本地户口", LawfulnessKind.Residency, "限本地户口")]
    [InlineData("本市户籍优先", LawfulnessKind.Residency, "本市户籍优先")]
    [InlineData("限呼和浩特户籍", LawfulnessKind.Residency, "限呼和浩特户籍")]
    [InlineData("须具有呼和浩特市常住户口", LawfulnessKind.Residency, "须具有呼和浩特市常住户口")]
    [InlineData("本地生源优先", LawfulnessKind.Residency, "本地生源优先")]
    [InlineData("乙肝携带者勿扰", LawfulnessKind.InfectiousDiseaseCarrier, "乙肝携带者勿扰")]
    [InlineData("乙肝两对半阴性", LawfulnessKind.InfectiousDiseaseCarrier, "乙肝两对半阴性")]
    [InlineData("身体健全，能吃苦", LawfulnessKind.Disability, "身体健全")]
    [InlineData("残疾人勿扰", LawfulnessKind.Disability, "残疾人勿扰")]
    [InlineData("限城镇户口", LawfulnessKind.RuralOrigin, "限城镇户口")]
    [InlineData("农村户口勿扰", LawfulnessKind.RuralOrigin, "农村户口勿扰")]
    public void Check_ProtectedAttribute_RejectsQuotingPhrase(string text, LawfulnessKind kind, string phrase)
    {
        var finding = Assert.Single(LawfulContent.Check(text));
        Assert.Equal(kind, finding.Kind);
        Assert.Equal(phrase, finding.Phrase);
        Assert.True(finding.RejectsRow);
        Assert.Contains(phrase, finding.ChineseMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_OneGroundPhrasedTwice_OneFindingPerGround()
    {
        // Two gender rules and two residency rules match; each ground is reported once, with the first phrase found.
        var findings = LawfulContent.Check("限男性，男士优先", "限本地户口，本市户籍优先");

        Assert.Equal([LawfulnessKind.Gender, LawfulnessKind.Residency], findings.Select(f => f.Kind));
    }

    [Theory]
    [InlineData("35周岁以下")]
    [InlineData("年龄18-35岁")]
    public void Check_AgeLimit_WarnsOnly(string text)
    {
        var finding = Assert.Single(LawfulContent.Check(text));
        Assert.Equal(LawfulnessKind.Age, finding.Kind);
        Assert.False(finding.RejectsRow);
    }

    [Theory]
    [InlineData("男女不限")]
    [InlineData("性别不限，3年以上经验")]
    [InlineData("负责民族团结宣传工作")]
    [InlineData("熟悉PLC编程")]
    [InlineData("户籍不限")]
    [InlineData("不限户籍，欢迎外地毕业生")]
    [InlineData("负责乙肝疫苗生产")]
    [InlineData("身体健康，能适应野外工作")]
    [InlineData("协助办理落户手续")]
    public void Check_LawfulText_NoFindings(string text) => Assert.Empty(LawfulContent.Check(text));

    [Theory]
    [InlineData("限本地户口", LawfulnessKind.Residency, "国办发〔2014〕22号")]
    [InlineData("乙肝携带者勿扰", LawfulnessKind.InfectiousDiseaseCarrier, "第三十条")]
    [InlineData("残疾人勿扰", LawfulnessKind.Disability, "第二十九条")]
    [InlineData("农村户口勿扰", LawfulnessKind.RuralOrigin, "第三十一条")]
    public void ChineseMessage_StatutoryGround_NamesItsArticleAndRejects(string text, LawfulnessKind kind, string article)
    {
        var finding = Assert.Single(LawfulContent.Check(text));
        Assert.Equal(kind, finding.Kind);
        Assert.True(finding.RejectsRow);
        Assert.Contains(article, finding.ChineseMessage, StringComparison.Ordinal);
        Assert.StartsWith("discrimination.", finding.Code, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_PrefilterAgreesWithPatternsAlone()
    {
        // Texts built from the patterns' own literal pieces (so most of them match some rule, in every
        // combination), numbers, separators and filler: the prefiltered check must find exactly what running
        // every pattern on every text finds.
        var pieces = LawfulContent.PatternSources
            .SelectMany(p => System.Text.RegularExpressions.Regex.Split(p, @"[()|?*+\[\]{}^$!<=:,\\.]+|\\[dDsS]|\d+"))
            .Where(p => p.Length > 0)
            .Concat(["18", "35", "-", "~", "至", "，", "。", "负责", "周", " ", "Ａ", "　"])
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        var random = new Random(20241129);
        var matched = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 7)).Select(_ => pieces[random.Next(pieces.Length)]));
            var alone = LawfulContent.Check([text], prefilter: false);
            var filtered = LawfulContent.Check([text], prefilter: true);
            Assert.Equal(alone, filtered);
            matched += alone.Count > 0 ? 1 : 0;
        }

        Assert.True(matched > 2_000, $"only {matched} of 20,000 texts matched a rule: the texts do not exercise the patterns");
    }
}
