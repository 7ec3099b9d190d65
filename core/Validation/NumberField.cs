using System.Globalization;

namespace Liuhu.Core.Validation;

/// <summary>A whole number (a trailing unit such as 人 or 届 allowed) between <see cref="Min"/> and
/// <see cref="Max"/>: anything else is <see cref="WhenInvalid"/>, or <see cref="WhenTooLarge"/> above the
/// maximum when the field says so. Reads as null when empty (and not required).</summary>
public sealed record NumberField(string Name, int Min, int Max, Func<string, FieldFinding> WhenInvalid) : Field<int?>(Name)
{
    // Long enough for any number in range written with separators or a unit, short enough to refuse a paragraph.
    public const int MaxLength = 20;

    public FieldFinding? WhenMissing { get; init; }

    public Func<string, FieldFinding>? WhenTooLarge { get; init; }

    public string Units { get; init; } = string.Empty;

    public NumberField Required(string code, string message) => this with { WhenMissing = new FieldFinding(code, message) };

    public NumberField WithUnits(string units) => this with { Units = units };

    public NumberField AtMost(int max, Func<string, FieldFinding> whenTooLarge) => this with { Max = max, WhenTooLarge = whenTooLarge };

    public override int? Read(FieldCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var text = check.Text(Name, MaxLength, compact: true);
        if (text is null)
        {
            return null;
        }

        if (text.Length == 0)
        {
            if (WhenMissing is not null)
            {
                check.Report(Name, WhenMissing);
            }

            return null;
        }

        var digits = text.TrimEnd(Units.ToCharArray());
        if (!double.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || Math.Abs(value - Math.Round(value)) > 1e-9 || value < Min)
        {
            check.Report(Name, WhenInvalid(text));
            return null;
        }

        if (value > Max)
        {
            // Compared as a double: 1e30 is too large, not an overflow.
            check.Report(Name, (WhenTooLarge ?? WhenInvalid)(text));
            return null;
        }

        return (int)value;
    }
}
