using Liuhu.Core.Domain;
using Liuhu.Matching.Features;
using Liuhu.Matching.Ranking;

namespace Liuhu.Matching.Tests.Ranking;

public class HeuristicAndExplanationTests
{
    [Fact]
    public void Score_FittingPostAboveUnrelatedPost()
    {
        var seeker = new SeekerProfile(Samples.Graduate(), MajorCatalog.Default);
        var fitting = PairFeatures.Evaluate(seeker, new PostProfile(Samples.Post(), MajorCatalog.Default), Samples.Now);
        var unrelated = PairFeatures.Evaluate(seeker, new PostProfile(Samples.Post("会计", majors: ["会计学"], skills: ["会计核算"], cluster: "services", district: "xincheng"), MajorCatalog.Default), Samples.Now);
        Assert.True(HeuristicScorer.Score(fitting) > HeuristicScorer.Score(unrelated) + 0.4f);
    }

    [Fact]
    public void For_FittingPost_ChineseReasonsAndMissingSkillGap()
    {
        var post = new PostProfile(Samples.Post(skills: ["Python", "PLC编程"], benefits: ["提供人才公寓"]), MajorCatalog.Default);
        var pair = PairFeatures.Evaluate(new SeekerProfile(Samples.Graduate(skills: ["Python"]), MajorCatalog.Default), post, Samples.Now);
        var (reasons, gaps) = Explanations.For(pair, post);
        Assert.Equal(["专业对口", "学历符合", "技能匹配：Python", "意向产业集群", "意向地区", "薪资符合预期", "提供人才公寓"], reasons.Select(r => r.Text));
        Assert.Equal(["缺少技能：PLC编程"], gaps.Select(g => g.Text));
        Assert.Equal("skills.missing", gaps[0].Code);
    }

    [Fact]
    public void AtK_PerfectOrder_One_ReversedLess()
    {
        var perfect = new List<(float, float)> { (3, 2), (2, 1), (1, 0) };
        var reversed = new List<(float, float)> { (1, 2), (2, 1), (3, 0) };
        Assert.Equal(1, Ndcg.AtK(perfect, 10), 6);
        Assert.True(Ndcg.AtK(reversed, 10) < 0.8);
        Assert.True(double.IsNaN(Ndcg.AtK([(1, 0), (2, 0)], 10)));
    }

    [Theory]
    [InlineData(0.61, null, true)]
    [InlineData(0.61, 0.60, true)]
    [InlineData(0.60, 0.60, true)]
    [InlineData(0.59, 0.60, false)]
    public void ShouldPromote_OnlyWhenAtLeastServingModel(double candidate, double? serving, bool expected) =>
        Assert.Equal(expected, TrainingService.ShouldPromote(candidate, serving));
}
