using Liuhu.Matching.Ranking;
using Liuhu.Ml.Cli;

namespace Liuhu.Matching.Tests.Ranking;

/// <summary>On a small simulated market whose utility the heuristic does not know, a trained model ranks
/// held-out graduates' posts better than the heuristic, which beats random order.</summary>
public class TrainingOnSimulatedMarketTests
{
    [Fact]
    public void Train_SmallMarket_LearnedBeatsHeuristicBeatsRandom()
    {
        var simulator = new MarketSimulator(11);
        var market = simulator.Generate(600, 1_500, Samples.Now);
        var snapshot = VacancyIndexSnapshot.Build(market.Vacancies, Samples.Now);
        var outcomes = simulator.Outcomes(market, snapshot, Samples.Now);
        var pairs = TrainingData.Build(outcomes, market.Graduates.ToDictionary(g => g.GraduateId), snapshot.Index.Posts.ToDictionary(p => p.Vacancy.VacancyId), Samples.Now);

        var metadata = TrainingService.Train(pairs, 30, Samples.Now, out var model);

        Assert.NotNull(model);
        Assert.True(metadata.NdcgAt10Model > metadata.NdcgAt10Heuristic * 1.1, $"learned {metadata.NdcgAt10Model:0.000} vs heuristic {metadata.NdcgAt10Heuristic:0.000}");
        Assert.True(metadata.NdcgAt10Heuristic > metadata.NdcgAt10Random, $"heuristic {metadata.NdcgAt10Heuristic:0.000} vs random {metadata.NdcgAt10Random:0.000}");
        Assert.Equal(20, metadata.FeatureImportance.Count);
        Assert.Equal(pairs.Count, metadata.TrainingRows + pairs.Count(p => TrainingData.IsHeldOut(p.GraduateId)));
        Assert.True(metadata.HeldOutGroups > 50);
    }

    [Fact]
    public void Train_TooFewOutcomes_NoModelAndSaysWhy()
    {
        var metadata = TrainingService.Train([], 30, Samples.Now, out var model);
        Assert.Null(model);
        Assert.Contains("Too few outcomes", metadata.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void SaveLoad_SameScores()
    {
        var simulator = new MarketSimulator(5);
        var market = simulator.Generate(200, 400, Samples.Now);
        var snapshot = VacancyIndexSnapshot.Build(market.Vacancies, Samples.Now);
        var pairs = TrainingData.Build(simulator.Outcomes(market, snapshot, Samples.Now), market.Graduates.ToDictionary(g => g.GraduateId), snapshot.Index.Posts.ToDictionary(p => p.Vacancy.VacancyId), Samples.Now);
        var model = RankingModel.Train(TrainingData.Rows(pairs));
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        var loaded = RankingModel.Load(stream);
        var features = pairs.Take(50).Select(p => p.Features).ToList();
        Assert.Equal(model.Score(features), loaded.Score(features));
    }
}
