using System.Globalization;
using System.Text.RegularExpressions;
using Liuhu.Core.Problems;

namespace Liuhu.Core.Catalogues;

/// <summary>A calendar month in Beijing time (UTC+8), the unit the programme reports in: "2024-03".</summary>
public readonly partial record struct Period(int Year, int Month)
{
    public static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public DateTimeOffset Start => new(Year, Month, 1, 0, 0, 0, Beijing);

    public DateTimeOffset End => Start.AddMonths(1);

    public Period Previous => Month == 1 ? new Period(Year - 1, 12) : new Period(Year, Month - 1);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");

    public bool Contains(DateTimeOffset moment) => moment >= Start && moment < End;

    public static Period Of(DateTimeOffset moment)
    {
        var local = moment.ToOffset(Beijing);
        return new Period(local.Year, local.Month);
    }

    public static Period Parse(string? text) => TryParse(text, out var period) ? period
        : throw new ProblemException(Problem.BadRequest("period.invalid", "period 应为年月，如 2024-03", $"'{text}' is not a period like 2024-03."));

    public static bool TryParse(string? text, out Period period)
    {
        period = default;
        var match = text is null ? Match.Empty : Pattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var month = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        if (month is < 1 or > 12)
        {
            return false;
        }

        period = new Period(int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture), month);
        return true;
    }

    [GeneratedRegex(@"^(?<y>20\d{2})-(?<m>\d{2})$")]
    private static partial Regex Pattern();
}
