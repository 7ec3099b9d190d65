using Liuhu.Matching.Ranking;

namespace Liuhu.Matching.Tests.Ranking;

public class EvaluationTests
{
    [Fact]
    public void TieBreakSeed_SameInputs_SameSeedInEveryProcess() =>
        Assert.Equal(7_000_021 + 5, HeldOutEvaluation.TieBreakSeed(7, 5)); // a constant, not a per-process hash
}
