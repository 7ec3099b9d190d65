using System.ComponentModel.DataAnnotations;
using Liuhu.Matching.Serving;

namespace Liuhu.Matching.Tests.Serving;

/// <summary>Exploration after ranking: off, the list is the ranking; on, the posts shown for sure keep their order,
/// the explored ones come from just below with the propensity logged, and each pool post is shown as often as its
/// propensity says. The options are checked on start.</summary>
public class ExplorationTests
{
    private static readonly List<RankedPost> Ranked = [.. Enumerable.Range(0, 100).Select(i => new RankedPost(null!, 100 - i, null!, default, default))];

    [Fact]
    public void Apply_NoSlots_TheRankingWithPropensityOne()
    {
        var shown = Exploration.Apply(Ranked, 20, 0, 10, 50, new Random(1));
        Assert.Equal(Ranked.Take(20), shown.Select(s => s.Ranked));
        Assert.All(shown, s => Assert.Equal(1, s.Propensity));
    }

    [Fact]
    public void Apply_TwoSlots_SureInOrderExploredFromThePoolWithTheirPropensity()
    {
        for (var seed = 0; seed < 50; seed++)
        {
            var shown = Exploration.Apply(Ranked, 20, 2, 10, 40, new Random(seed));
            Assert.Equal(20, shown.Count);
            Assert.Equal(Ranked.Take(18), shown.Where(s => s.Propensity == 1).Select(s => s.Ranked));
            var explored = shown.Where(s => s.Propensity < 1).ToList();
            Assert.Equal(2, explored.Count);
            Assert.All(explored, s => Assert.Equal(2 / 40.0, s.Propensity, 10));
            Assert.All(explored, s => Assert.InRange(Ranked.IndexOf(s.Ranked), 18, 57));
            Assert.All(explored, s => Assert.InRange(shown.IndexOf(s), 0, 9)); // within the first 10 positions
        }
    }

    [Fact]
    public void Apply_ManyLists_EachPoolPostShownAsOftenAsItsPropensity()
    {
        var random = new Random(7);
        var counts = new int[Ranked.Count];
        const int lists = 20_000;
        for (var i = 0; i < lists; i++)
        {
            foreach (var s in Exploration.Apply(Ranked, 10, 2, 10, 20, random))
            {
                counts[Ranked.IndexOf(s.Ranked)]++;
            }
        }

        Assert.All(counts.Take(8), c => Assert.Equal(lists, c));
        Assert.All(counts.Skip(8).Take(20), c => Assert.InRange(c / (double)lists, 0.1 - 0.01, 0.1 + 0.01)); // 2/20
        Assert.All(counts.Skip(28), c => Assert.Equal(0, c));
    }

    [Fact]
    public void Apply_ShortList_ExploresAtMostHalfAndNeverWithoutSomethingBelow()
    {
        Assert.All(Exploration.Apply(Ranked.Take(5).ToList(), 5, 3, 10, 50, new Random(1)), s => Assert.Equal(1, s.Propensity));
        Assert.Single(Exploration.Apply(Ranked, 3, 3, 10, 50, new Random(1)), s => s.Propensity < 1);
    }

    [Theory]
    [InlineData(0, 2, true)]
    [InlineData(2, 50, true)]
    [InlineData(3, 3, false)]
    [InlineData(6, 50, false)]
    public void MatchingOptions_ExplorationSettings_Validated(int slots, int pool, bool valid)
    {
        var options = new MatchingOptions { ExplorationSlots = slots, ExplorationPool = pool };
        Assert.Equal(valid, Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
    }
}
