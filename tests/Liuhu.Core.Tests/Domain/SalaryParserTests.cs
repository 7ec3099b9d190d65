using Liuhu.Core.Domain;

namespace Liuhu.Core.Tests.Domain;

public class SalaryParserTests
{
    [Theory]
    [InlineData("5000-8000", 5000, 8000)]
    [InlineData("5000~8000元", 5000, 8000)]
    [InlineData("5k-8k", 5000, 8000)]
    [InlineData("5-8K", 5000, 8000)]
    [InlineData("５Ｋ－８Ｋ", 5000, 8000)]
    [InlineData("4000元/月以上", 4000, null)]
    [InlineData("3000以下", null, 3000)]
    [InlineData("8-12万/年", 6667, 10000)]
    [InlineData("年薪10万", 8333, 8333)]
    [InlineData("1.2万", 12000, 12000)]
    [InlineData("6000", 6000, 6000)]
    public void TryParse_CommonForms_MonthlyRange(string text, int? min, int? max)
    {
        Assert.True(SalaryParser.TryParse(text, out var salary));
        Assert.Equal(min, salary.MonthlyMin);
        Assert.Equal(max, salary.MonthlyMax);
        Assert.False(salary.Negotiable);
    }

    [Fact]
    public void TryParse_Negotiable_NoBoundsAndFlag()
    {
        Assert.True(SalaryParser.TryParse("面议", out var salary));
        Assert.True(salary.Negotiable);
        Assert.Null(salary.MonthlyMin);
    }

    [Theory]
    [InlineData("很高")]
    [InlineData("8000-5000")]
    [InlineData("5-8")] // no unit: 5 yuan a month is a typo, not a wage
    [InlineData("200元/天")]
    public void TryParse_Unreadable_False(string text) => Assert.False(SalaryParser.TryParse(text, out _));

    [Fact]
    public void TryParse_HyphenatedWholeNumbers_AgreesWithTheTildeForm()
    {
        // "a-b" is read without the pattern, "a~b" through it: they must agree on every pair, plausible or not.
        var random = new Random(11);
        for (var i = 0; i < 20_000; i++)
        {
            var (low, high) = (Number(random), Number(random));
            var hyphen = SalaryParser.TryParse($"{low}-{high}", out var fromHyphen);
            var tilde = SalaryParser.TryParse($"{low}~{high}", out var fromTilde);
            Assert.True(hyphen == tilde && fromHyphen == fromTilde, $"{low}-{high}: {hyphen} {fromHyphen} vs {tilde} {fromTilde}");
        }

        static string Number(Random random) => random.Next(4) switch
        {
            0 => random.Next(0, 1_000).ToString(System.Globalization.CultureInfo.InvariantCulture),
            1 => random.Next(0, 10_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture),
            2 => "0" + random.Next(0, 100_000).ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => random.Next(1_000, 60_000).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
