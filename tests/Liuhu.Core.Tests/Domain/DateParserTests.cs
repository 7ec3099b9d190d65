using Liuhu.Core.Domain;

namespace Liuhu.Core.Tests.Domain;

public class DateParserTests
{
    [Theory]
    [InlineData("2024-06-30")]
    [InlineData("2024/6/30")]
    [InlineData("2024年6月30日")]
    [InlineData("2024.06.30")]
    [InlineData("45473")] // Excel serial for 2024-06-30
    [InlineData("45473.5")]
    public void TryParse_LedgerForms_SameDate(string text)
    {
        Assert.True(DateParser.TryParse(text, out var date));
        Assert.Equal(new DateOnly(2024, 6, 30), date);
    }

    [Theory]
    [InlineData("2024-02-30")]
    [InlineData("明年")]
    [InlineData("12")]
    public void TryParse_NotADate_False(string text) => Assert.False(DateParser.TryParse(text, out _));

    [Fact]
    public void TryParse_Empty_TrueWithNoDate()
    {
        Assert.True(DateParser.TryParse("  ", out var date));
        Assert.Null(date);
    }
}
