using Liuhu.Core.Domain;

namespace Liuhu.Core.Tests.Domain;

public class MajorRequirementTests
{
    private static MajorRequirement Parse(string text) => MajorRequirement.Parse(text, MajorCatalog.Default);

    [Theory]
    [InlineData("不限")]
    [InlineData("专业不限")]
    [InlineData("不限专业")]
    [InlineData("无")]
    [InlineData("无要求")]
    [InlineData("")]
    [InlineData("计算机类优先、专业不限")]
    public void Parse_AnyMajorForms_Open(string text)
    {
        var requirement = Parse(text);
        Assert.True(requirement.IsOpen);
        Assert.Empty(requirement.Unrecognised);
    }

    [Theory]
    [InlineData("计算机类", "0809,5102")]
    [InlineData("计算机类相关专业", "0809,5102")]
    [InlineData("电气类相关专业", "0806")]
    [InlineData("化工类", "0813")]
    [InlineData("计算机相关专业", "0809")]
    [InlineData("电子信息类专业", "0807,5101")]
    public void Parse_ClassLevelForms_WholeClasses(string text, string classes)
    {
        var requirement = Parse(text);
        Assert.False(requirement.IsOpen);
        Assert.Equal(classes.Split(','), requirement.Classes.Order());
        Assert.Empty(requirement.Unrecognised);
    }

    [Theory]
    [InlineData("理工科", "07,08,51")]
    [InlineData("工科", "08,46")]
    [InlineData("经管类", "02,12,53")]
    [InlineData("文科", "05,06")]
    public void Parse_DisciplineLevelForms_ContainsDisciplines(string text, string some)
    {
        var requirement = Parse(text);
        Assert.All(some.Split(','), d => Assert.Contains(d, requirement.Disciplines));
        Assert.Empty(requirement.Codes);
        Assert.Empty(requirement.Unrecognised);
    }

    [Fact]
    public void Parse_Engineering_ExcludesScience() => Assert.DoesNotContain("07", Parse("工科").Disciplines);

    [Theory]
    [InlineData("计算机科学与技术、软件工程", "080901,080902")]
    [InlineData("计算机科学与技术，软件工程", "080901,080902")]
    [InlineData("计算机科学与技术/网络工程", "080901,080903")]
    [InlineData("计算机科学与技术或软件工程", "080901,080902")]
    [InlineData("机械设计制造及其自动化", "080202")]
    [InlineData("会计学或财务管理等专业", "120203K,120204")]
    public void Parse_Lists_EachMajor(string text, string codes)
    {
        var requirement = Parse(text);
        Assert.Equal(codes.Split(',').Order(), requirement.Codes.Order());
        Assert.Empty(requirement.Unrecognised);
    }

    [Fact]
    public void Parse_MixedClassMajorAndUnknown_UnknownKeptAsWritten()
    {
        var requirement = Parse("电气类、机电一体化技术、量子区块链");
        Assert.Contains("0806", requirement.Classes);
        Assert.Contains("460301", requirement.Codes);
        Assert.Equal(["量子区块链"], requirement.Unrecognised);
        Assert.False(requirement.IsOpen);
    }

    [Fact]
    public void Restricting_DropsEveryAnyMajorForm() =>
        Assert.Equal(["软件工程"], MajorCatalog.Restricting(["不限专业", "软件工程", "无"]));
}
