using Liuhu.Core.Domain;

namespace Liuhu.Core.Tests.Domain;

public sealed class BenefitsTests
{
    [Theory]
    [InlineData("提供人才公寓", BenefitKind.TalentApartment)]
    [InlineData("员工宿舍", BenefitKind.StaffDormitory)]
    [InlineData("宿舍", BenefitKind.StaffDormitory)]
    [InlineData("包食宿", BenefitKind.BoardAndLodging)]
    [InlineData("食宿", BenefitKind.BoardAndLodging)]
    [InlineData("提供住宿", BenefitKind.AccommodationProvided)]
    [InlineData("租房补贴", BenefitKind.RentSubsidy)]
    [InlineData("五险一金", BenefitKind.SocialInsuranceAndHousingFund)]
    [InlineData("ＢＵＳ班车", BenefitKind.Shuttle)]
    public void Classify_OnePhrase_NamesExactlyItsKind(string phrase, BenefitKind expected)
    {
        Assert.Equal([expected], Benefits.Classify([phrase]));
    }

    [Theory]
    [InlineData("不提供住宿")]
    [InlineData("无宿舍")]
    [InlineData("暂无租房补贴")]
    [InlineData("薪资面议")]
    public void Classify_NegatedOrUnknownPhrase_OffersNothing(string phrase)
    {
        Assert.Empty(Benefits.Classify([phrase]));
    }

    [Fact]
    public void Classify_DormitoryAndBoard_AreNeverATalentApartment()
    {
        var kinds = Benefits.Classify(["员工宿舍", "包食宿", "租房补贴"]);

        Assert.DoesNotContain(BenefitKind.TalentApartment, kinds);
        Assert.Equal(3, kinds.Count);
        Assert.All(kinds, k => Assert.True(Benefits.IsHousing(k)));
    }

    [Fact]
    public void Classify_SeveralKindsInOnePhrase_NamesEach()
    {
        var kinds = Benefits.Classify(["五险一金 双休 年终奖"]);

        Assert.Equal(new HashSet<BenefitKind> { BenefitKind.SocialInsuranceAndHousingFund, BenefitKind.TwoDayWeekend, BenefitKind.YearEndBonus }, kinds);
    }

    [Fact]
    public void ChineseName_EveryKind_HasOne()
    {
        Assert.All(Enum.GetValues<BenefitKind>(), k => Assert.False(string.IsNullOrEmpty(Benefits.ChineseName(k))));
    }
}
