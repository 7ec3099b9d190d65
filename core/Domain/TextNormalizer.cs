using System.Buffers;
using System.Text;

namespace Liuhu.Core.Domain;

/// <summary>Folds the ways people type the same thing in Chinese spreadsheets (full-width letters and
/// digits, ideographic spaces, stray whitespace) into one form, so comparisons do not depend on the IME.</summary>
public static class TextNormalizer
{
    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        // NFKC maps full-width ASCII (ＡＢＣ１２３，) and the ideographic space to their plain forms. Printable
        // ASCII and CJK unified ideographs neither decompose nor compose with one another, so a text of only those
        // (most ledger cells) is already in NFKC, and the ICU call, most of a cell's cost, is skipped.
        var normalised = text.AsSpan().ContainsAnyExcept(NfkcStable) ? text.Normalize(NormalizationForm.FormKC) : text;
        return normalised.Trim();
    }

    private static readonly SearchValues<char> NfkcStable = SearchValues.Create(StableCharacters());

    private static string StableCharacters()
    {
        var chars = new StringBuilder();
        for (var c = (char)0x20; c <= 0x7E; c++)
        {
            chars.Append(c);
        }

        for (var c = (char)0x4E00; c <= 0x9FFF; c++)
        {
            chars.Append(c);
        }

        return chars.ToString();
    }

    public static string FoldWithoutWhitespace(string? text)
    {
        var folded = Fold(text);
        if (!HasWhitespaceOrControl(folded))
        {
            return folded;
        }

        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (!char.IsWhiteSpace(c) && !char.IsControl(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool HasWhitespaceOrControl(string text)
    {
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Splits a list cell on the separators Chinese ledgers use: 、，,;；/ and line breaks.</summary>
    public static IReadOnlyList<string> SplitList(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var raw = text.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var items = new List<string>(raw.Length);
        foreach (var item in raw)
        {
            var folded = Fold(item);
            if (folded.Length > 0 && !items.Contains(folded, StringComparer.OrdinalIgnoreCase))
            {
                items.Add(folded);
            }
        }

        return items;
    }

    private static readonly char[] ListSeparators = ['、', '，', ',', ';', '；', '/', '／', '\n', '\r', '|'];
}
