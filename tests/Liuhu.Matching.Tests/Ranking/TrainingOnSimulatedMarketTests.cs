using Liuhu.Core.Graduates;
using Liuhu.Matching.Features;
using Liuhu.Matching.Ranking;
using Liuhu.Ml.Cli;

namespace Liuhu.Matching.Tests.Ranking;

/// <summary>On a small simulated market, split by time: the trained model and the heuristic both rank held-out
/// graduates' posts (every open post) far better than random; the run records its schema, data and intervals,
/// and promotion follows the interval rule.</summary>
public class TrainingOnSimulatedMarketTests
{
    private static (MarketSimulator Simulator, MarketSimulator.Market Market, TrainingSet Set) Market(int seed, int posts, int graduates)
    {
        var simulator = new MarketSimulator(seed);
        var market = simulator.Generate(posts, graduates, Samples.Now);
        var snapshot = VacancyIndexSnapshot.Build(market.Vacancies, Samples.Now);
        var outcomes = simulator.Outcomes(market, snapshot, Samples.Now);
        var set = TrainingData.Build(outcomes, market.Graduates.ToDictionary(g => g.GraduateId), snapshot.Index.Posts.ToDictionary(p => p.Vacancy.VacancyId), Samples.Now,
            simulator.Positions, maxHeldOut: 200);
        Simulators.AddOrUpdate(set, simulator);
        return (simulator, market, set);
    }

    [Fact]
    public void Train_SmallMarket_BeatsRandomRecordsSchemaDataAndIntervals()
    {
        var (_, _, set) = Market(11, 500, 1_200);

        var metadata = TrainingService.Train(set, 30, Samples.Now, null, out var trained, trees: 60, logged: Logged(set));

        Assert.NotNull(trained);
        Assert.True(metadata.NdcgAt10Model > metadata.NdcgAt10Random * 2, $"learned {metadata.NdcgAt10Model:0.000} vs random {metadata.NdcgAt10Random:0.000}");
        Assert.True(metadata.NdcgAt10Heuristic > metadata.NdcgAt10Random * 2, $"heuristic {metadata.NdcgAt10Heuristic:0.000} vs random {metadata.NdcgAt10Random:0.000}");
        Assert.Equal(PairFeatures.Schema.Version, metadata.SchemaVersion);
        Assert.Equal(CandidateFeatures.Schema.Version, metadata.EmployerSchemaVersion);
        Assert.Contains("cutoff=", metadata.DataSnapshot, StringComparison.Ordinal);
        Assert.InRange(metadata.NdcgAt10Model, metadata.NdcgAt10ModelInterval!.Low, metadata.NdcgAt10ModelInterval.High);
        // Promotion follows the off-policy estimate (the heuristic logged the lists), not NDCG on logged outcomes.
        Assert.True(metadata.OffPolicyGraduates > 50 && metadata.OffPolicyOutcomes > 0);
        Assert.Equal(metadata.OffPolicyGainOverHeuristic is { } gain && TrainingService.ShouldPromote(gain, null), metadata.Promoted);
        Assert.Equal(PairFeatures.Count, metadata.FeatureImportance.Count);
        Assert.True(metadata.HeldOutGroups > 50);
        Assert.All(set.Training, p => Assert.True(p.ShownAt < set.Cutoff || p.ShownAt == set.Cutoff));
        Assert.NotNull(metadata.EmployerNdcgAt10Heuristic);
    }

    private static Dictionary<string, LoggedList> Logged(TrainingSet set) =>
        Simulators.TryGetValue(set, out var simulator) ? simulator.LoggedLists(set.HeldOut.Select(h => h.Seeker.GraduateId)) : throw new InvalidOperationException("not a simulated set");

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<TrainingSet, MarketSimulator> Simulators = [];

    [Fact]
    public void Train_ItselfAsIncumbent_TieDoesNotPromote()
    {
        var (_, _, set) = Market(12, 300, 800);
        TrainingService.Train(set, 30, Samples.Now, null, out var first, trees: 30);
        var again = TrainingService.Train(set, 30, Samples.Now, first!.Model, out _, trees: 30, logged: Logged(set));
        Assert.Equal(0, again.GainOverPrevious!.Mean, 6); // same seed, same data: the same model
        Assert.Equal(0, again.OffPolicyGainOverPrevious?.Mean ?? 0, 6);
        Assert.False(again.Promoted);
    }

    [Fact]
    public void Train_NoLoggedLists_NotPromotedAndSaysWhy()
    {
        var (_, _, set) = Market(13, 300, 800);
        var metadata = TrainingService.Train(set, 30, Samples.Now, null, out var trained, trees: 30);
        Assert.NotNull(trained);
        Assert.False(metadata.Promoted);
        Assert.Contains("no off-policy estimate (no logged lists)", metadata.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_TooFewOutcomes_NoModelAndSaysWhy()
    {
        var set = TrainingData.Build([], new Dictionary<string, GraduateProfile>(), new Dictionary<string, PostProfile>(), Samples.Now);
        var metadata = TrainingService.Train(set, 30, Samples.Now, null, out var model);
        Assert.Null(model);
        Assert.Contains("Too few outcomes", metadata.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void SaveLoad_SameScores()
    {
        var (_, _, set) = Market(5, 200, 400);
        var model = RankingModel.Train(TrainingData.Rows(set.Training), PairFeatures.Schema, trees: 30);
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        var loaded = RankingModel.Load(stream, PairFeatures.Schema, "loaded");
        var features = set.Training.Take(50).Select(p => p.Features).ToList();
        Assert.Equal(model.Score(features), loaded.Score(features));
        Assert.Equal(model.Contributions(features)[0], loaded.Contributions(features)[0]);
    }

    [Theory]
    [InlineData(1_000_000, 100)]
    [InlineData(500_000, 200)]
    [InlineData(90_000, 300)]
    [InlineData(0, 300)]
    [InlineData(5_000_000, 100)]
    public void TreesFor_Rows_WithinTheTrainingBudget(int rows, int trees) => Assert.Equal(trees, TrainingService.TreesFor(rows));
}
