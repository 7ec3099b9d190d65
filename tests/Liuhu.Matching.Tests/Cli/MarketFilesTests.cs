using Liuhu.Core.Outcomes;
using Liuhu.Ml.Cli;

namespace Liuhu.Matching.Tests.Cli;

public sealed class MarketFilesTests
{
    [Fact]
    public void ReadOutcomes_FileWrittenByWriteOutcomes_SameOutcomesInOrder()
    {
        // `liuhu-ml demo --files` loads a later start from these files: what is read must be what was simulated.
        var simulator = new MarketSimulator(5);
        var now = new DateTimeOffset(2026, 11, 29, 10, 30, 15, TimeSpan.Zero).AddTicks(1234);
        var market = simulator.Generate(200, 300, now);
        var outcomes = simulator.Outcomes(market, VacancyIndexSnapshot.Build(market.Vacancies, now), now, shownPerGraduate: 5, explored: 2);
        Assert.NotEmpty(outcomes);
        Assert.True(outcomes.Select(o => o.Event).Distinct().Count() > 1);
        var folder = Directory.CreateTempSubdirectory("liuhu-market-files-").FullName;
        try
        {
            var read = MarketFiles.ReadOutcomes(MarketFiles.WriteOutcomes(outcomes, folder));

            Assert.Equal(outcomes, read);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
