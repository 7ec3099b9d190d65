using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Matching.Features;
using Liuhu.Matching.Ranking;
using Liuhu.Ml.Cli;

namespace Liuhu.Matching.Tests.Serving;

/// <summary>The employer-side order is lawful: flipping a graduate's residency/户籍, 离校未就业 status, gender,
/// ethnicity or university changes neither their score nor anyone's place, under the trained employer-side
/// model and under its heuristic.</summary>
public class CandidateRankingTests
{
    public static TheoryData<string> Flips => ["residency", "leftSchoolUnemployed", "gender", "ethnicity", "university"];

    private static GraduateProfile Flip(GraduateProfile g, string attribute) => attribute switch
    {
        "residency" => g with { Residency = g.Residency == Residency.External ? Residency.HohhotHukou : Residency.External },
        "leftSchoolUnemployed" => g with { LeftSchoolUnemployed = !g.LeftSchoolUnemployed },
        "gender" => g with { Gender = g.Gender == "女" ? "男" : "女" },
        "ethnicity" => g with { Ethnicity = g.Ethnicity == "汉族" ? "蒙古族" : "汉族" },
        "university" => g with { University = g.University == "内蒙古大学" ? "呼和浩特职业学院" : "内蒙古大学" },
        _ => throw new ArgumentOutOfRangeException(nameof(attribute)),
    };

    private static readonly Lazy<(IScorer Model, MarketSimulator.Market Market, List<PostProfile> Posts)> Trained = new(() =>
    {
        var simulator = new MarketSimulator(3);
        var market = simulator.Generate(300, 1_500, Samples.Now);
        var snapshot = VacancyIndexSnapshot.Build(market.Vacancies, Samples.Now);
        var set = TrainingData.Build(simulator.Outcomes(market, snapshot, Samples.Now), market.Graduates.ToDictionary(g => g.GraduateId),
            snapshot.Index.Posts.ToDictionary(p => p.Vacancy.VacancyId), Samples.Now, negativesPerGraduate: 0);
        var model = RankingModel.Train(TrainingData.Rows(set.EmployerTraining), CandidateFeatures.Schema, "employer", trees: 40);
        return (model, market, snapshot.Index.Posts.Take(5).ToList());
    });

    [Theory]
    [MemberData(nameof(Flips))]
    public void EmployerOrder_FlipOneAttributeOfEveryone_ScoresAndOrderUnchanged(string attribute)
    {
        var (model, market, posts) = Trained.Value;
        var graduates = market.Graduates.Take(400).ToList();
        foreach (var scorer in new[] { model, HeuristicScorer.ForEmployer })
        {
            foreach (var post in posts)
            {
                var before = Scores(scorer, graduates, post);
                var after = Scores(scorer, graduates.Select(g => Flip(g, attribute)).ToList(), post);
                Assert.Equal(before, after);
                Assert.Equal(Order(before), Order(after));
            }
        }
    }

    [Fact]
    public void EmployerOrder_FlipOnlySomeGraduates_NoOneMoves()
    {
        // Half the pool flipped on all five at once: a change of any one would reorder them against the rest.
        var (model, market, posts) = Trained.Value;
        var graduates = market.Graduates.Take(400).ToList();
        var flipped = graduates.Select((g, i) => i % 2 == 0 ? g : new[] { "residency", "leftSchoolUnemployed", "gender", "ethnicity", "university" }.Aggregate(g, Flip)).ToList();
        foreach (var post in posts)
        {
            Assert.Equal(Order(Scores(model, graduates, post)), Order(Scores(model, flipped, post)));
        }
    }

    [Fact]
    public void GraduateSideFeatures_ReadResidency_SoTheyAreNotTheEmployersInputs()
    {
        // The counterfactual above can fail: the graduate-side features do change with residency.
        var post = new PostProfile(Samples.Post(benefits: ["提供人才公寓"]), MajorCatalog.Default);
        var external = Samples.Graduate(residency: Residency.External);
        var local = Flip(external, "residency");
        Assert.NotEqual(PairFeatures.Evaluate(new SeekerProfile(external, MajorCatalog.Default), post, Samples.Now).Features.Values,
            PairFeatures.Evaluate(new SeekerProfile(local, MajorCatalog.Default), post, Samples.Now).Features.Values);
        Assert.Equal(CandidateFeatures.Evaluate(new SeekerProfile(external, MajorCatalog.Default), post).Features.Values,
            CandidateFeatures.Evaluate(new SeekerProfile(local, MajorCatalog.Default), post).Features.Values);
        Assert.DoesNotContain(CandidateFeatures.Schema.Names, n => n.Contains("External", StringComparison.Ordinal) || n.Contains("Unemployed", StringComparison.Ordinal) || n.Contains("Housing", StringComparison.Ordinal));
    }

    private static float[] Scores(IScorer scorer, List<GraduateProfile> graduates, PostProfile post) =>
        scorer.Score(graduates.Select(g => CandidateFeatures.Evaluate(new SeekerProfile(g, MajorCatalog.Default), post).Features).ToList());

    private static int[] Order(float[] scores) => [.. Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ThenBy(i => i)];
}
