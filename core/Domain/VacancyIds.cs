using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Liuhu.Core.Domain;

/// <summary>Stable vacancy ids, so that a re-uploaded ledger updates its posts instead of adding copies:
/// <c>{credit code}-P{post code}</c> when the ledger numbers its posts, else
/// <c>{credit code}-T{hash of normalised title and district}</c>. The credit code is also the table
/// partition, so an id is a point read.</summary>
public static partial class VacancyIds
{
    public static string FromPostCode(string creditCode, string postCode)
    {
        var folded = TextNormalizer.FoldWithoutWhitespace(postCode).ToUpperInvariant();

        // Readable when it can be; a code with characters a key may not hold or a URL would escape is hashed.
        var suffix = SafePostCode().IsMatch(folded) ? "P" + folded : "Q" + Hash(folded);
        return $"{creditCode}-{suffix}";
    }

    public static string FromTitle(string creditCode, string title, string? district)
    {
        var normalizedTitle = TextNormalizer.FoldWithoutWhitespace(title).ToLowerInvariant()
            .Replace('（', '(').Replace('）', ')');
        return $"{creditCode}-T{Hash(normalizedTitle + "|" + (district ?? string.Empty))}";
    }

    public static bool TrySplit(string? vacancyId, out string partitionKey, out string rowKey)
    {
        partitionKey = rowKey = string.Empty;
        if (vacancyId is null || vacancyId.Length < 21 || vacancyId[18] != '-' || !CreditCode.IsValid(vacancyId[..18]))
        {
            return false;
        }

        partitionKey = vacancyId[..18];
        rowKey = vacancyId[19..];
        return SafeRowKey().IsMatch(rowKey);
    }

    private static string Hash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 8));

    [GeneratedRegex("^[A-Z0-9_.-]{1,40}$")]
    private static partial Regex SafePostCode();

    [GeneratedRegex("^[PQT][A-Za-z0-9_.-]{1,40}$")]
    private static partial Regex SafeRowKey();
}
