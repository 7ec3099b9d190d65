using System.Globalization;
using System.Text.RegularExpressions;

namespace Liuhu.Core.Domain;

public static partial class DateParser
{
    private static readonly DateOnly ExcelEpoch = new(1899, 12, 30);

    /// <summary>Reads 2024-06-30, 2024/6/30, 2024.6.30, 2024年6月30日 or an Excel date serial (45473).</summary>
    public static bool TryParse(string? text, out DateOnly? date)
    {
        date = null;
        var folded = TextNormalizer.FoldWithoutWhitespace(text);
        if (folded.Length == 0)
        {
            return true;
        }

        // The form nearly every ledger uses, read without a regular expression (whose match and groups were most
        // of a row's allocations); anything else, or a year the pattern would not take, goes through the pattern.
        if (folded.Length == 10 && DateOnly.TryParseExact(folded, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var plain)
            && plain.Year is >= 1900 and <= 2099)
        {
            date = plain;
            return true;
        }

        var match = YearMonthDay().Match(folded);
        if (match.Success)
        {
            var year = int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture);
            var month = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
            var day = int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture);
            if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            {
                return false;
            }

            date = new DateOnly(year, month, day);
            return true;
        }

        // Excel stores dates as days since 1899-12-30; a ledger cell formatted as a date arrives as that number.
        if (double.TryParse(folded, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var serial)
            && serial is >= 20_000 and <= 80_000)
        {
            date = ExcelEpoch.AddDays((int)Math.Floor(serial));
            return true;
        }

        return false;
    }

    [GeneratedRegex(@"^(?<y>(19|20)\d{2})[-/.年](?<m>\d{1,2})[-/.月](?<d>\d{1,2})日?(T[\d:.]+Z?)?$")]
    private static partial Regex YearMonthDay();
}
