using Liuhu.Core.Domain;
using Liuhu.Matching.Features;
using Liuhu.Matching.Serving;

namespace Liuhu.Matching.Tests.Serving;

public class VacancyIndexTests
{
    [Fact]
    public void Candidates_MoreThanLimit_KeepsThoseMeetingGraduateInMoreWays()
    {
        var posts = Enumerable.Range(0, 50).Select(i => Samples.Post("会计" + i, majors: ["会计学"], skills: ["会计核算"], cluster: "next-gen-it", district: "xincheng"))
            .Append(Samples.Post("运维"))
            .Select(v => new PostProfile(v, MajorCatalog.Default)).ToList();
        var index = new VacancyIndex(posts, Samples.Now);
        var candidates = index.Candidates(new SeekerProfile(Samples.Graduate(), MajorCatalog.Default), 5);
        Assert.Equal(5, candidates.Count);
        Assert.Equal("运维", candidates[0].Vacancy.Title);
    }

    [Fact]
    public void Rank_ExposurePenalty_PushesDownOversubscribedPost()
    {
        var crowded = new PostProfile(Samples.Post("运维A", headcount: 1), MajorCatalog.Default) { Applications = 60 };
        var quiet = new PostProfile(Samples.Post("运维B", headcount: 1), MajorCatalog.Default);
        var seeker = new SeekerProfile(Samples.Graduate(), MajorCatalog.Default);
        Assert.Equal("运维A", Ranker.Rank(seeker, [crowded, quiet], null, Samples.Now).First().Post.Vacancy.Title);
        Assert.Equal("运维B", Ranker.Rank(seeker, [crowded, quiet], null, Samples.Now, exposurePenalty: 0.5).First().Post.Vacancy.Title);
    }

    [Fact]
    public void Rank_FilledPost_LeftOut()
    {
        var filled = new PostProfile(Samples.Post("运维A", headcount: 2), MajorCatalog.Default) { Hires = 2 };
        var open = new PostProfile(Samples.Post("运维B", headcount: 2), MajorCatalog.Default) { Hires = 1 };
        var ranked = Ranker.Rank(new SeekerProfile(Samples.Graduate(), MajorCatalog.Default), [filled, open], null, Samples.Now);
        Assert.Equal(["运维B"], ranked.Select(r => r.Post.Vacancy.Title));
    }

    [Fact]
    public void Rank_ExposurePenalty_CountsRemainingOpeningsNotHeadcount()
    {
        // Same headcount and applications; one has only one opening left, so its demand per opening is ten times.
        var nearlyFull = new PostProfile(Samples.Post("运维A", headcount: 10), MajorCatalog.Default) { Applications = 8, Hires = 9 };
        var roomy = new PostProfile(Samples.Post("运维B", headcount: 10), MajorCatalog.Default) { Applications = 8 };
        Assert.True(Ranker.DemandPerOpening(nearlyFull, Samples.Now) > 9 * Ranker.DemandPerOpening(roomy, Samples.Now));
        var seeker = new SeekerProfile(Samples.Graduate(), MajorCatalog.Default);
        Assert.Equal("运维B", Ranker.Rank(seeker, [nearlyFull, roomy], null, Samples.Now, exposurePenalty: 0.5).First().Post.Vacancy.Title);
    }

    [Fact]
    public void Masking_NameAndPhone_Masked()
    {
        Assert.Equal("张*", Masking.Name("张三"));
        Assert.Equal("欧**", Masking.Name("欧阳娜"));
        Assert.Equal("138****1234", Masking.Phone("13812341234"));
    }
}
