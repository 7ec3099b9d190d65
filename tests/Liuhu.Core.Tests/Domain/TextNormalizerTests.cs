using System.Text;
using Liuhu.Core.Domain;

namespace Liuhu.Core.Tests.Domain;

public class TextNormalizerTests
{
    // Plain ASCII and ideographs (the fast path), and what NFKC does change: full-width forms, the ideographic
    // space, compatibility ideographs and squared/circled forms, half-width katakana, combining marks that
    // compose with a preceding ASCII letter, and whitespace and control characters.
    private const string Alphabet = "aZ09 -,.岗位软件工程呼和浩特ＡＢＣ１２３，。、　①㈠㍿豈ｶ\u0301\u0308\u3099\t\n\u00a0\u200b\u0007";

    [Fact]
    public void Fold_AnyText_EqualsNfkcTrimmed()
    {
        var random = new Random(20241129);
        for (var i = 0; i < 20_000; i++)
        {
            var text = RandomText(random);
            Assert.Equal(text.Normalize(NormalizationForm.FormKC).Trim(), TextNormalizer.Fold(text));
        }
    }

    [Fact]
    public void FoldWithoutWhitespace_AnyText_DropsEveryWhitespaceAndControlCharacter()
    {
        var random = new Random(20241130);
        for (var i = 0; i < 20_000; i++)
        {
            var text = RandomText(random);
            var expected = string.Concat(text.Normalize(NormalizationForm.FormKC).Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)));
            Assert.Equal(expected, TextNormalizer.FoldWithoutWhitespace(text));
        }
    }

    [Theory]
    [InlineData("ＡＢＣ１２３", "ABC123")]
    [InlineData("　软件工程　", "软件工程")]
    [InlineData("Python", "Python")]
    public void Fold_KnownForms_Folded(string text, string expected) => Assert.Equal(expected, TextNormalizer.Fold(text));

    [Fact]
    public void SplitList_AllLedgerSeparators_Split() =>
        Assert.Equal(["Python", "数据分析", "SQL", "Linux", "网络", "PLC编程", "C"],
            TextNormalizer.SplitList("Python、数据分析，SQL,Linux;网络；PLC编程/C"));

    [Fact]
    public void SplitList_Duplicates_KeptOnce() =>
        Assert.Equal(["Python"], TextNormalizer.SplitList("Python、python"));

    private static string RandomText(Random random) =>
        new([.. Enumerable.Range(0, random.Next(0, 12)).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);
}
