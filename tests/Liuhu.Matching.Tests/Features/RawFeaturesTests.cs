using Liuhu.Core.Domain;
using Liuhu.Matching.Features;

namespace Liuhu.Matching.Tests.Features;

/// <summary>The reference ranker's inputs: categorical attributes one column each, and code comparisons without
/// the catalogue's crosswalk.</summary>
public class RawFeaturesTests
{
    private static FeatureVector Evaluate(Core.Graduates.GraduateProfile g, Vacancy v) =>
        RawFeatures.Evaluate(new SeekerProfile(g, MajorCatalog.Default), new PostProfile(v, MajorCatalog.Default), Samples.Now, new PostStats(3, 1, 0.2f, -0.1f));

    [Fact]
    public void Evaluate_DistrictClusterAndPreferences_OneColumnEach()
    {
        var f = Evaluate(Samples.Graduate(clusters: ["services", "public"], districts: ["saihan"]), Samples.Post(cluster: "next-gen-it", district: "horinger-new-area"));
        Assert.Equal(1, f[RawFeatures.PostInDistrict["horinger-new-area"]]);
        Assert.Equal(1, RawFeatures.PostInDistrict.Values.Sum(c => f[c]));
        Assert.Equal(1, f[RawFeatures.PostInCluster["next-gen-it"]]);
        Assert.Equal(1, RawFeatures.PostInCluster.Values.Sum(c => f[c]));
        Assert.Equal(2, RawFeatures.SeekerPrefersCluster.Values.Sum(c => f[c]));
        Assert.Equal(1, f[RawFeatures.SeekerPrefersDistrict["saihan"]]);
        Assert.Equal(0, f[RawFeatures.ClusterStated]);
        Assert.Equal(0, f[RawFeatures.DistrictStated]);
    }

    [Fact]
    public void Evaluate_PayStatsAndEffects_AsGiven()
    {
        var f = Evaluate(Samples.Graduate(salary: 5000), Samples.Post(min: 6000, max: 9000, headcount: 4));
        Assert.Equal(6, f[RawFeatures.PayMin]);
        Assert.Equal(9, f[RawFeatures.PayMax]);
        Assert.True(f[RawFeatures.PayToExpectation] > 1);
        Assert.Equal(3, f[RawFeatures.RemainingOpenings]);
        Assert.Equal(3, f[RawFeatures.Applications]);
        Assert.Equal(0.2f, f[RawFeatures.EmployerEffect]);
    }

    [Theory]
    [InlineData("080902", "软件工程", 1, 1, 1)]
    [InlineData("080901", "软件工程", 0, 1, 1)]
    [InlineData("080601", "软件工程", 0, 0, 1)]
    [InlineData("120203K", "软件工程", 0, 0, 0)]
    [InlineData("510201", "软件工程", 0, 0, 0)] // 计算机应用技术: the crosswalk to 0809 is the learned features' knowledge, not the reference's
    public void Evaluate_MajorCodes_ComparedAsWritten(string seekerCode, string postMajor, int same, int prefix4, int prefix2)
    {
        var f = Evaluate(Samples.Graduate(majorCode: seekerCode), Samples.Post(majors: [postMajor]));
        Assert.Equal([same, prefix4, prefix2], new[] { f[RawFeatures.SameMajorCode], f[RawFeatures.SameMajorCodePrefix4], f[RawFeatures.SameMajorCodePrefix2] }.Select(v => (int)v));
    }
}
