using Liuhu.Matching.Features;

namespace Liuhu.Matching.Tests.Features;

public class TextSimilarityTests
{
    [Fact]
    public void Overlap_TwoCataloguedMajors_ByCodeNotByName()
    {
        Assert.Equal(0, TextSimilarity.Overlap(new MajorTerms("化学", "070301"), new MajorTerms("生物化学", "071001")));
        Assert.Equal(1, TextSimilarity.Overlap(new MajorTerms("计算机", "080901"), new MajorTerms("计算机科学与技术", "080901")));
    }

    [Fact]
    public void Overlap_OneSideUnknown_ByName()
    {
        Assert.Equal(1, TextSimilarity.Overlap(new MajorTerms("机械设计", null), new MajorTerms("机械设计制造及其自动化", "080202")));
        Assert.Equal(0, TextSimilarity.Overlap(TextSimilarity.Bigrams("化学"), TextSimilarity.Bigrams("生物化学")));
    }
}
