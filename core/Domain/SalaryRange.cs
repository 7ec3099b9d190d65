using System.Globalization;
using System.Text.RegularExpressions;

namespace Liuhu.Core.Domain;

/// <summary>A monthly salary range in yuan. Either bound may be open; <see cref="Negotiable"/> is 面议.</summary>
public sealed record SalaryRange(int? MonthlyMin, int? MonthlyMax, bool Negotiable)
{
    public static readonly SalaryRange Unknown = new(null, null, false);

    /// <summary>One monthly figure for the offer: the middle of the range, or its one bound; null when unknown.</summary>
    public double? MonthlyOffer => (MonthlyMin, MonthlyMax) switch
    {
        ({ } min, { } max) => (min + max) / 2.0,
        ({ } min, null) => min,
        (null, { } max) => max,
        _ => null,
    };
}

public static partial class SalaryParser
{
    // Below this a monthly figure without a unit (k, 千, 万) is more likely a typo than a wage.
    private const int MinimumPlausibleMonthly = 500;
    private const int MaximumPlausibleMonthly = 500_000;

    public static bool TryParse(string? text, out SalaryRange salary)
    {
        salary = SalaryRange.Unknown;
        var folded = TextNormalizer.FoldWithoutWhitespace(text).ToLowerInvariant();
        if (folded.Length == 0)
        {
            return true;
        }

        if (folded is "面议" or "薪资面议" or "待遇面议" or "negotiable")
        {
            salary = new SalaryRange(null, null, true);
            return true;
        }

        var yearly = folded.Contains("/年", StringComparison.Ordinal) || folded.Contains("年薪", StringComparison.Ordinal) || folded.EndsWith("每年", StringComparison.Ordinal);
        var daily = folded.Contains("/天", StringComparison.Ordinal) || folded.Contains("/日", StringComparison.Ordinal);
        if (daily)
        {
            return false;
        }

        // "4000-8000", the form nearly every ledger uses, read without the pattern (whose match and groups were a
        // large part of a row's allocations); the bounds are checked as for any other form.
        if (PlainRange(folded) is { } plain)
        {
            salary = plain;
            return IsPlausible(plain.MonthlyMin) && IsPlausible(plain.MonthlyMax) && plain.MonthlyMin <= plain.MonthlyMax;
        }

        var match = RangePattern().Match(folded);
        if (!match.Success)
        {
            return false;
        }

        var unitAfterBoth = match.Groups["unit2"].Value;
        var firstUnit = match.Groups["unit1"].Success && match.Groups["unit1"].Value.Length > 0 ? match.Groups["unit1"].Value : unitAfterBoth;
        var first = Scale(match.Groups["a"].Value, firstUnit);
        decimal? second = match.Groups["b"].Success ? Scale(match.Groups["b"].Value, unitAfterBoth) : null;
        if (first is null || (match.Groups["b"].Success && second is null))
        {
            return false;
        }

        if (yearly)
        {
            first /= 12m;
            second /= 12m;
        }

        var lower = (int)Math.Round(first.Value, MidpointRounding.AwayFromZero);
        int? upper = second is null ? null : (int)Math.Round(second.Value, MidpointRounding.AwayFromZero);
        var tail = folded[(match.Index + match.Length)..];
        var atMost = tail.Contains("以下", StringComparison.Ordinal) || tail.Contains("以内", StringComparison.Ordinal);
        var atLeast = tail.Contains("以上", StringComparison.Ordinal) || tail.Contains("起", StringComparison.Ordinal);

        if (upper is null)
        {
            salary = atLeast ? new SalaryRange(lower, null, false)
                : atMost ? new SalaryRange(null, lower, false)
                : new SalaryRange(lower, lower, false);
        }
        else
        {
            salary = new SalaryRange(lower, upper, false);
        }

        return IsPlausible(salary.MonthlyMin) && IsPlausible(salary.MonthlyMax)
            && (salary.MonthlyMin is null || salary.MonthlyMax is null || salary.MonthlyMin <= salary.MonthlyMax);
    }

    /// <summary>Two whole numbers of at most seven digits joined by one hyphen, else null.</summary>
    private static SalaryRange? PlainRange(string folded)
    {
        var dash = folded.IndexOf('-', StringComparison.Ordinal);
        if (dash is < 1 or > 7 || folded.Length - dash - 1 is < 1 or > 7)
        {
            return null;
        }

        var low = folded.AsSpan(0, dash);
        var high = folded.AsSpan(dash + 1);
        if (low.ContainsAnyExceptInRange('0', '9') || high.ContainsAnyExceptInRange('0', '9'))
        {
            return null;
        }

        return new SalaryRange(int.Parse(low, CultureInfo.InvariantCulture), int.Parse(high, CultureInfo.InvariantCulture), false);
    }

    private static bool IsPlausible(int? monthly) => monthly is null or (>= MinimumPlausibleMonthly and <= MaximumPlausibleMonthly);

    private static decimal? Scale(string number, string unit)
    {
        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        return unit switch
        {
            "k" or "千" => value * 1_000m,
            "w" or "万" => value * 10_000m,
            _ => value,
        };
    }

    [GeneratedRegex(@"(?<a>\d+(?:\.\d+)?)(?<unit1>k|千|w|万)?(?:元)?(?:[-~～至到—–]+(?<b>\d+(?:\.\d+)?))?(?<unit2>k|千|w|万)?")]
    private static partial Regex RangePattern();
}
