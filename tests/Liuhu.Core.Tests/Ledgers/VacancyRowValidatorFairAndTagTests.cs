using Liuhu.Core.Domain;
using Liuhu.Core.Fairs;
using Liuhu.Core.Ledgers;
using Liuhu.Testing;

namespace Liuhu.Core.Tests.Ledgers;

/// <summary>The 企业标签 and 招聘会编号 columns of a vacancy ledger.</summary>
public class VacancyRowValidatorFairAndTagTests
{
    private static readonly DateTimeOffset Now = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string Credit = TestData.NewCreditCode();

    private static readonly FairDirectory Fairs = new(new Dictionary<string, FairStatus>
    {
        ["ZPH20240615-K7Q2"] = FairStatus.Scheduled,
        ["ZPH20240616-AAAA"] = FairStatus.Scheduled,
        ["ZPH20240501-GONE"] = FairStatus.Cancelled,
    });

    private static RowOutcome<Vacancy> Validate(string tags, string fairs, FairDirectory? directory = null)
    {
        var sheet = LedgerSheet.Locate(LedgerReader.Read(TestData.Csv("企业名称,统一社会信用代码,岗位名称,招聘人数,企业性质,招聘会编号", $"示范企业,{Credit},运维,5,{tags},{fairs}"),
            new LedgerLimits()), LedgerSchemas.Vacancy);
        return VacancyRowValidator.Validate(sheet, sheet.Rows[0], "L1", Now, fairs: directory ?? Fairs);
    }

    [Fact]
    public void Validate_TagsByNameAliasAndCode_StoredOnceInOrder()
    {
        var outcome = Validate("链主企业、国企；chain_leader、专精特新", string.Empty);
        Assert.Empty(outcome.Errors);
        Assert.Equal([EmployerTag.ChainLeader, EmployerTag.StateOwned, EmployerTag.Specialised], outcome.Value!.EmployerTags);
    }

    [Fact]
    public void Validate_UnknownTag_RowErrorInThatColumnNamingTheList()
    {
        var outcome = Validate("链主企业、外资企业", string.Empty);
        Assert.Null(outcome.Value);
        var error = Assert.Single(outcome.Errors);
        Assert.Equal((2, "企业性质", "employer_tags.invalid"), (error.Row, error.Column, error.Code));
        Assert.Contains("外资企业", error.Message, StringComparison.Ordinal);
        Assert.Contains("专精特新企业、链主企业、国有企业、民营企业", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_KnownFairsAnyCase_LinkedInStoredForm()
    {
        var outcome = Validate(string.Empty, "zph20240615-k7q2、ZPH20240616-AAAA");
        Assert.Empty(outcome.Errors);
        Assert.Equal(["ZPH20240615-K7Q2", "ZPH20240616-AAAA"], outcome.Value!.FairIds);
    }

    [Theory]
    [InlineData("ZPH20990101-NOPE", "fair_id.unknown")]
    [InlineData("ZPH20240501-GONE", "fair_id.cancelled")]
    [InlineData("春季招聘会", "fair_id.invalid")]
    [InlineData("ZPH2024-0615", "fair_id.invalid")]
    public void Validate_UnknownCancelledOrMalformedFair_RowErrorInFairColumn(string fair, string code)
    {
        var outcome = Validate(string.Empty, fair);
        Assert.Null(outcome.Value);
        var error = Assert.Single(outcome.Errors);
        Assert.Equal((2, "招聘会编号", code), (error.Row, error.Column, error.Code));
    }

    [Fact]
    public void Validate_FairWithoutDirectory_Unknown()
    {
        var sheet = LedgerSheet.Locate(LedgerReader.Read(TestData.Csv("企业名称,统一社会信用代码,岗位名称,招聘人数,招聘会编号", $"示范企业,{Credit},运维,5,ZPH20240615-K7Q2"),
            new LedgerLimits()), LedgerSchemas.Vacancy);
        Assert.Equal("fair_id.unknown", Assert.Single(VacancyRowValidator.Validate(sheet, sheet.Rows[0], "L1", Now).Errors).Code);
    }

    [Fact]
    public void Validate_MoreFairsThanAllowed_RowError()
    {
        var many = string.Join("、", Enumerable.Range(10, VacancyFields.MaxFairs + 1).Select(i => $"ZPH202406{i:D2}-AAAA"));
        Assert.Equal("list.too_many", Assert.Single(Validate(string.Empty, many).Errors).Code);
    }

    [Fact]
    public void ToEntity_TagsAndFairs_RoundTripAndTagColumnsSet()
    {
        var vacancy = Validate("民营、专精特新", "ZPH20240615-K7Q2").Value!;
        var entity = Liuhu.Core.Storage.VacancyEntities.ToEntity(vacancy);
        Assert.True(entity.GetBoolean("TagPrivate"));
        Assert.True(entity.GetBoolean("TagSpecialised"));
        Assert.False(entity.ContainsKey("TagChainLeader"));
        var back = Liuhu.Core.Storage.VacancyEntities.FromEntity(entity);
        Assert.Equal(vacancy.EmployerTags, back.EmployerTags);
        Assert.Equal(vacancy.FairIds, back.FairIds);
    }
}
