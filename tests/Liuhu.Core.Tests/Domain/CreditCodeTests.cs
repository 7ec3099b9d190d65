using Liuhu.Core.Domain;

namespace Liuhu.Core.Tests.Domain;

public class CreditCodeTests
{
    [Theory]
    [InlineData("91350100M000100Y43")]
    [InlineData("91110108551385082Q")]
    [InlineData("911100001000080343")]
    [InlineData("9144030071526726XG")]
    public void IsValid_PublishedCodes_True(string code) => Assert.True(CreditCode.IsValid(code));

    [Theory]
    [InlineData("91350100M000100Y44")] // check character changed
    [InlineData("91350100M000100Y4")] // 17 characters
    [InlineData("91350100M000I00Y43")] // I is not in the alphabet
    [InlineData("")]
    public void IsValid_DamagedCodes_False(string code) => Assert.False(CreditCode.IsValid(code));

    [Fact]
    public void Normalize_FullWidthAndSpaces_Folded() =>
        Assert.Equal("91350100M000100Y43", CreditCode.Normalize(" ９１３５０１００ｍ０００１００ｙ４３ "));

    [Fact]
    public void WithCheckCharacter_First17OfPublishedCode_RestoresIt() =>
        Assert.Equal("91350100M000100Y43", CreditCode.WithCheckCharacter("91350100M000100Y4"));
}
