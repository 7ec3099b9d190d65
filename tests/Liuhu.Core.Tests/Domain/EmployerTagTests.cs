using Liuhu.Core.Domain;

namespace Liuhu.Core.Tests.Domain;

public class EmployerTagTests
{
    [Theory]
    [InlineData("专精特新企业", EmployerTag.Specialised)]
    [InlineData("专精特新“小巨人”企业", EmployerTag.Specialised)]
    [InlineData(" 专精特新 ", EmployerTag.Specialised)]
    [InlineData("链主", EmployerTag.ChainLeader)]
    [InlineData("chain_leader", EmployerTag.ChainLeader)]
    [InlineData("国企", EmployerTag.StateOwned)]
    [InlineData("ＳＴＡＴＥ_ＯＷＮＥＤ", EmployerTag.StateOwned)]
    [InlineData("民营企业", EmployerTag.Private)]
    public void TryParse_NamesAliasesAndCodes_Recognised(string text, EmployerTag expected)
    {
        Assert.True(EmployerTags.TryParse(text, out var tag));
        Assert.Equal(expected, tag);
    }

    [Theory]
    [InlineData("外企")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("' or 1 eq 1")]
    public void TryParse_Unknown_False(string? text) => Assert.False(EmployerTags.TryParse(text, out _));

    [Fact]
    public void CodeAndName_EveryTag_RoundTrip()
    {
        foreach (var tag in EmployerTags.Values)
        {
            Assert.True(EmployerTags.TryParse(EmployerTags.Code(tag), out var byCode));
            Assert.True(EmployerTags.TryParse(EmployerTags.ChineseName(tag), out var byName));
            Assert.Equal((tag, tag), (byCode, byName));
        }
    }
}
