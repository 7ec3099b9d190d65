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

    [Fact]
    public void TryParse_DashedFormOfAnyDay_AgreesWithTheOtherForms()
    {
        // The dashed form is read without the pattern; every other form goes through it: they must never disagree,
        // whether the day exists or not, and whatever the year.
        var random = new Random(7);
        for (var i = 0; i < 20_000; i++)
        {
            var (year, month, day) = (random.Next(1850, 2150), random.Next(0, 14), random.Next(0, 33));
            var dashed = DateParser.TryParse($"{year:D4}-{month:D2}-{day:D2}", out var fromDashed);
            var slashed = DateParser.TryParse($"{year:D4}/{month:D2}/{day:D2}", out var fromSlashed);
            Assert.True(dashed == slashed && fromDashed == fromSlashed, $"{year}-{month}-{day}: dashed {dashed} {fromDashed}, slashed {slashed} {fromSlashed}");
        }
    }
}
