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
    public void Check_ProtectedAttribute_RejectsQuotingPhrase(string text, LawfulnessKind kind, string phrase)
    {
        var finding = Assert.Single(LawfulContent.Check(text));
        Assert.Equal(kind, finding.Kind);
        Assert.Equal(phrase, finding.Phrase);
        Assert.True(finding.RejectsRow);
        Assert.Contains(phrase, finding.ChineseMessage, StringComparison.Ordinal);
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
    public void Check_LawfulText_NoFindings(string text) => Assert.Empty(LawfulContent.Check(text));
}
