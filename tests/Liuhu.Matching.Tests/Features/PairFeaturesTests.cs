using Liuhu.Core.Domain;
using Liuhu.Matching.Features;

namespace Liuhu.Matching.Tests.Features;

public class PairFeaturesTests
{
    private static PairEvaluation Evaluate(Core.Graduates.GraduateProfile g, Vacancy v) =>
        PairFeatures.Evaluate(new SeekerProfile(g, MajorCatalog.Default), new PostProfile(v, MajorCatalog.Default), Samples.Now);

    [Fact]
    public void Schema_NamesUniqueAndPositionsInDeclarationOrder()
    {
        foreach (var schema in new[] { PairFeatures.Schema, CandidateFeatures.Schema, RawFeatures.Schema })
        {
            Assert.Equal(schema.Count, schema.Names.Distinct().Count());
            Assert.Equal(Enumerable.Range(0, schema.Count), schema.Features.Select(f => f.Index));
        }
    }

    [Fact]
    public void Indexer_FeatureOfAnotherSchema_Throws()
    {
        var pair = Evaluate(Samples.Graduate(), Samples.Post());
        Assert.Throws<ArgumentException>(() => pair.Features[CandidateFeatures.Fit.DegreeMeets]);
        Assert.Equal(pair.Features[PairFeatures.DegreeMeets], pair.Features["DegreeMeets"]);
    }

    [Fact]
    public void Evaluate_PostDistrictAndCluster_OneColumnEach()
    {
        var f = Evaluate(Samples.Graduate(), Samples.Post(cluster: "services", district: "saihan")).Features;
        Assert.Equal(1, f[PairFeatures.InDistrict["saihan"]]);
        Assert.Equal(1, PairFeatures.InDistrict.Values.Sum(c => f[c]));
        Assert.Equal(1, f[PairFeatures.InCluster["services"]]);
        Assert.Equal(1, PairFeatures.InCluster.Values.Sum(c => f[c]));
    }

    [Fact]
    public void Evaluate_BenefitKinds_EachItsOwnFeature()
    {
        var pair = Evaluate(Samples.Graduate(), Samples.Post(benefits: ["员工宿舍", "租房补贴"]));
        Assert.Equal(1, pair.Features[PairFeatures.Offers[BenefitKind.StaffDormitory]]);
        Assert.Equal(1, pair.Features[PairFeatures.Offers[BenefitKind.RentSubsidy]]);
        Assert.Equal(0, pair.Features[PairFeatures.Offers[BenefitKind.TalentApartment]]);
    }

    [Fact]
    public void Evaluate_Stats_OpeningsLeftAndCompetitionPerRemainingOpening()
    {
        var post = new PostProfile(Samples.Post(headcount: 3), MajorCatalog.Default);
        var pair = PairFeatures.Evaluate(new SeekerProfile(Samples.Graduate(), MajorCatalog.Default), post, Samples.Now, new PostStats(4, 2, 0, 0));
        Assert.Equal(MathF.Log(2), pair.Features[PairFeatures.RemainingOpenings], 5);
        Assert.Equal(MathF.Log(5), pair.Features[PairFeatures.ApplicationsPerOpening], 5); // 4 applications for the 1 opening left
    }

    [Fact]
    public void Evaluate_MajorByNameInLedgerAndCodeInProfile_Exact()
    {
        var pair = Evaluate(Samples.Graduate(major: "计算机", majorCode: "080901"), Samples.Post(majors: ["计算机科学与技术"]));
        Assert.Equal(MajorFit.Exact, pair.MajorFit);
    }

    [Fact]
    public void Evaluate_SameClassDifferentMajor_SameClass() =>
        Assert.Equal(MajorFit.SameClass, Evaluate(Samples.Graduate(major: "软件工程", majorCode: "080902"), Samples.Post(majors: ["网络工程"])).MajorFit);

    [Fact]
    public void Evaluate_ProfileWithoutCode_CodeFromNameAlias() =>
        Assert.Equal(MajorFit.Exact, Evaluate(Samples.Graduate(major: "大数据", majorCode: null), Samples.Post(majors: ["数据科学与大数据技术"])).MajorFit);

    [Fact]
    public void Evaluate_VocationalMajorAgainstUndergraduatePostOfCrosswalkedClass_SameClass() =>
        Assert.Equal(MajorFit.SameClass, Evaluate(Samples.Graduate(major: "计算机应用技术", majorCode: null, degree: Degree.Associate), Samples.Post(majors: ["计算机科学与技术"])).MajorFit);

    [Theory]
    [InlineData("计算机类相关专业", "软件工程", Degree.Bachelor, MajorFit.SameClass)]
    [InlineData("计算机类相关专业", "计算机应用技术", Degree.Associate, MajorFit.SameClass)]
    [InlineData("电气类相关专业", "电气工程及其自动化", Degree.Bachelor, MajorFit.SameClass)]
    [InlineData("理工科", "机械设计制造及其自动化", Degree.Bachelor, MajorFit.SameClass)]
    [InlineData("理工科", "汉语言文学", Degree.Bachelor, MajorFit.None)]
    [InlineData("经管类", "会计学", Degree.Bachelor, MajorFit.SameClass)]
    [InlineData("不限专业", "蒙古语言文学", Degree.Bachelor, MajorFit.Unrestricted)]
    [InlineData("无", "护理学", Degree.Bachelor, MajorFit.Unrestricted)]
    public void Evaluate_RequirementAsLedgersWriteIt_Fit(string requirement, string major, Degree degree, MajorFit fit) =>
        Assert.Equal(fit, Evaluate(Samples.Graduate(major: major, majorCode: null, degree: degree), Samples.Post(majors: [requirement])).MajorFit);

    [Fact]
    public void Evaluate_MajorNotInCatalogue_SimilarByNameAndExplanationSaysSo()
    {
        var post = Samples.Post(majors: ["机械设计制造及其自动化"]);
        var pair = PairFeatures.Evaluate(new SeekerProfile(Samples.Graduate(major: "机械设计制造工艺", majorCode: null), MajorCatalog.Default), new PostProfile(post, MajorCatalog.Default), Samples.Now);
        Assert.Equal(MajorFit.Similar, pair.MajorFit);
        var contributions = Liuhu.Matching.Ranking.HeuristicScorer.ForGraduate.Contributions([pair.Features])[0];
        var (reasons, _) = Liuhu.Matching.Ranking.Explanations.For(pair, new PostProfile(post, MajorCatalog.Default), contributions);
        Assert.Contains(reasons, r => r.Code == "major.similar_name" && r.Text.Contains("按名称比对", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("化学", "070301", "生物化学")]
    [InlineData("药学", "100701", "中药学")]
    public void Evaluate_NamesThatContainEachOther_NotSimilar(string major, string code, string required) =>
        Assert.NotEqual(MajorFit.Similar, Evaluate(Samples.Graduate(major: major, majorCode: code), Samples.Post(majors: [required])).MajorFit);

    [Fact]
    public void Evaluate_PostListingNoSkills_HeldToSkillsItsDescriptionNames()
    {
        var post = Samples.Post("设备工程师", skills: []) with { Description = "负责西门子PLC编程与设备维护" };
        var pair = Evaluate(Samples.Graduate(skills: ["设备维修"]), post);
        Assert.Equal(["设备维修"], pair.MatchedSkills);
        Assert.Equal(["西门子PLC"], pair.MissingSkills);
    }

    [Fact]
    public void Evaluate_Skills_SynonymsAndCaseCountMissingListed()
    {
        var pair = Evaluate(Samples.Graduate(skills: ["PLC", "linux"]), Samples.Post(skills: ["PLC编程", "Linux", "SCADA"]));
        Assert.Equal(["PLC编程", "Linux"], pair.MatchedSkills);
        Assert.Equal(["SCADA"], pair.MissingSkills);
        Assert.Equal(2f / 3, pair.Features[PairFeatures.SkillCoverage], 3);
    }

    [Fact]
    public void Evaluate_DegreeBelowRequirement_NotMet()
    {
        var pair = Evaluate(Samples.Graduate(degree: Degree.Associate), Samples.Post(degree: Degree.Bachelor));
        Assert.False(pair.DegreeMeets);
        Assert.Equal(-1, pair.Features[PairFeatures.DegreeGap]);
    }

    [Fact]
    public void Evaluate_HousingForExternalGraduate_Full_ForLocalHalf()
    {
        var post = Samples.Post(benefits: ["提供人才公寓"]);
        Assert.Equal(1, Evaluate(Samples.Graduate(residency: Core.Graduates.Residency.External), post).Features[PairFeatures.HousingForExternal]);
        Assert.Equal(0.5f, Evaluate(Samples.Graduate(residency: Core.Graduates.Residency.HohhotHukou), post).Features[PairFeatures.HousingForExternal]);
    }

    [Fact]
    public void Evaluate_GenderAndEthnicity_DoNotChangeAnyFeature()
    {
        var post = Samples.Post();
        var a = Evaluate(Samples.Graduate(gender: "女", ethnicity: "蒙古族"), post);
        var b = Evaluate(Samples.Graduate(gender: "男", ethnicity: "汉族"), post);
        Assert.Equal(a.Features.Values, b.Features.Values);
        Assert.DoesNotContain(PairFeatures.Names, n => n.Contains("Gender", StringComparison.OrdinalIgnoreCase) || n.Contains("Ethnic", StringComparison.OrdinalIgnoreCase));
    }
}
