using Liuhu.Core.Domain;
using Liuhu.Matching.Features;
using Liuhu.Matching.Ranking;
using Liuhu.Ml.Cli;

namespace Liuhu.Matching.Tests.Ranking;

public class HeuristicAndExplanationTests
{
    private static (PairEvaluation Pair, PostProfile Post) Pair(Core.Graduates.GraduateProfile graduate, Vacancy vacancy)
    {
        var post = new PostProfile(vacancy, MajorCatalog.Default);
        return (PairFeatures.Evaluate(new SeekerProfile(graduate, MajorCatalog.Default), post, Samples.Now), post);
    }

    private static IReadOnlyList<Reason> ReasonsUnder(IScorer scorer, PairEvaluation pair, PostProfile post) =>
        Explanations.For(pair, post, scorer.Contributions([pair.Features])[0]).Reasons;

    [Fact]
    public void Score_FittingPostAboveUnrelatedPost()
    {
        var fitting = Pair(Samples.Graduate(), Samples.Post()).Pair;
        var unrelated = Pair(Samples.Graduate(), Samples.Post("会计", majors: ["会计学"], skills: ["会计核算"], cluster: "services", district: "xincheng")).Pair;
        Assert.True(HeuristicScorer.Score(fitting) > HeuristicScorer.Score(unrelated) + 0.4f);
    }

    [Fact]
    public void Contributions_Heuristic_SumToScore()
    {
        var (pair, _) = Pair(Samples.Graduate(skills: ["Python"]), Samples.Post());
        var contributions = HeuristicScorer.ForGraduate.Contributions([pair.Features])[0];
        Assert.Equal(HeuristicScorer.ForGraduate.Score(pair.Features), contributions.Sum(), 4);
    }

    [Fact]
    public void For_Heuristic_ReasonsOnlyWhatTheScoreUsed_GapsStillShown()
    {
        var (pair, post) = Pair(Samples.Graduate(skills: ["Python"]), Samples.Post(skills: ["Python", "PLC编程"], benefits: ["提供人才公寓"]));
        var (reasons, gaps) = Explanations.For(pair, post, HeuristicScorer.ForGraduate.Contributions([pair.Features])[0]);

        // The heuristic gives housing no weight, so housing is not claimed as a reason it chose the post for.
        Assert.Equal(new[] { "专业对口", "学历符合", "技能匹配：Python", "意向产业集群", "意向地区", "薪资符合预期" }.Order(StringComparer.Ordinal), reasons.Select(r => r.Text).Order(StringComparer.Ordinal));
        Assert.Equal("major.match", reasons[0].Code); // strongest first: the major term weighs most
        Assert.Equal(["缺少技能：PLC编程"], gaps.Select(g => g.Text));
        Assert.Equal("skills.missing", gaps[0].Code);
    }

    [Fact]
    public void For_HousingKinds_TextSaysWhichKind()
    {
        foreach (var (benefit, text) in new[] { ("提供人才公寓", "提供人才公寓"), ("员工宿舍", "提供员工宿舍"), ("包食宿", "包食宿"), ("租房补贴500元/月", "提供租房补贴") })
        {
            var (pair, post) = Pair(Samples.Graduate(), Samples.Post(benefits: [benefit]));
            var everyFeaturePositive = Enumerable.Repeat(1f, PairFeatures.Count).ToArray();
            var housing = Explanations.For(pair, post, everyFeaturePositive).Reasons.Where(r => r.Code.StartsWith("housing.", StringComparison.Ordinal)).ToList();
            Assert.Equal([text], housing.Select(r => r.Text));
        }
    }

    [Fact]
    public void For_MajorsSharingOnlyTheDiscipline_NotRelatedButAGap()
    {
        // 食品科学与工程 (0827) and 软件工程 (0809) share only the discipline 工学.
        var (pair, post) = Pair(Samples.Graduate(major: "食品科学与工程", majorCode: "082701"), Samples.Post(majors: ["软件工程"]));
        var everyFeaturePositive = Enumerable.Repeat(1f, PairFeatures.Count).ToArray();
        var (reasons, gaps) = Explanations.For(pair, post, everyFeaturePositive);
        Assert.DoesNotContain(reasons, r => r.Code.StartsWith("major.", StringComparison.Ordinal));
        Assert.Contains(gaps, g => g.Code == "major.mismatch");

        var (sameClass, samePost) = Pair(Samples.Graduate(major: "软件工程", majorCode: "080902"), Samples.Post(majors: ["网络工程"]));
        Assert.Contains(Explanations.For(sameClass, samePost, everyFeaturePositive).Reasons, r => r.Text == "专业相近");
    }

    [Fact]
    public void For_TrainedModel_EveryReasonShownHasPositiveContribution()
    {
        var simulator = new MarketSimulator(5);
        var market = simulator.Generate(300, 700, Samples.Now);
        var snapshot = VacancyIndexSnapshot.Build(market.Vacancies, Samples.Now);
        var set = TrainingData.Build(simulator.Outcomes(market, snapshot, Samples.Now), market.Graduates.ToDictionary(g => g.GraduateId), snapshot.Index.Posts.ToDictionary(p => p.Vacancy.VacancyId), Samples.Now);
        var model = RankingModel.Train(TrainingData.Rows(set.Training), PairFeatures.Schema, trees: 40);

        var shown = 0;
        foreach (var graduate in market.Graduates.Take(40))
        {
            var seeker = new SeekerProfile(graduate, MajorCatalog.Default);
            var posts = snapshot.Index.Posts.Take(30).ToList();
            var pairs = posts.Select(p => PairFeatures.Evaluate(seeker, p, Samples.Now)).ToList();
            var contributions = model.Contributions(pairs.Select(p => p.Features).ToList());
            for (var i = 0; i < pairs.Count; i++)
            {
                foreach (var reason in Explanations.For(pairs[i], posts[i], contributions[i]).Reasons)
                {
                    Assert.True(Explanations.Contribution(Explanations.SourcesOf(reason.Code, PairFeatures.Schema), contributions[i]) > 0, reason.Code);
                    shown++;
                }
            }

            // The contributions are the model's own, per pair: they differ between pairs the model scores differently.
            Assert.Contains(contributions, c => c.Any(v => v < 0));
        }

        Assert.True(shown > 50, $"only {shown} reasons shown");
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
    [InlineData(0.01, null, true)]          // beats the heuristic beyond chance, no incumbent
    [InlineData(-0.01, null, false)]        // no free promotion when nothing serves
    [InlineData(0.0, null, false)]          // a tie does not promote
    [InlineData(0.01, 0.02, true)]
    [InlineData(0.01, 0.0, false)]          // tie with the incumbent
    [InlineData(0.01, -0.02, false)]
    public void ShouldPromote_OnlyWhenIntervalsAboveZero(double heuristicLow, double? incumbentLow, bool expected) =>
        Assert.Equal(expected, TrainingService.ShouldPromote(new Interval(heuristicLow + 0.01, heuristicLow, heuristicLow + 0.02),
            incumbentLow is { } low ? new Interval(low + 0.01, low, low + 0.02) : null));

    [Fact]
    public void Bootstrap_Difference_ZeroWidthForIdenticalRankersAndCoversTheMean()
    {
        var a = Enumerable.Range(0, 200).Select(i => (i % 7) / 7.0).ToList();
        var same = Bootstrap.Difference(a, a);
        Assert.Equal(0, same.Low);
        Assert.Equal(0, same.High);
        var interval = Bootstrap.Of(a);
        Assert.InRange(interval.Mean, interval.Low, interval.High);
        Assert.True(interval.High - interval.Low > 0.01);
    }
}
