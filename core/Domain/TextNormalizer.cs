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

        // NFKC maps full-width ASCII (ＡＢＣ１２３，) and the ideographic space to their plain forms.
        return text.Normalize(NormalizationForm.FormKC).Trim();
    }

    public static string FoldWithoutWhitespace(string? text)
    {
        var folded = Fold(text);
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
