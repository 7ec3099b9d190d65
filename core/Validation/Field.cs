using System.Text.RegularExpressions;

namespace Liuhu.Core.Validation;

/// <summary>A field of a record with its rules: read through a <see cref="FieldCheck"/>, it yields its value
/// and reports every rule it breaks. Fields are declared once, as data, per record kind.</summary>
public abstract record Field<T>(string Name)
{
    public abstract T Read(FieldCheck check);
}

/// <summary>Parses a field's text; false when the text is not a valid value.</summary>
public delegate bool TextParser<T>(string text, out T value);

/// <summary>A parsed field's folded text and value, for records that keep both (a post keeps the salary as
/// written and as a range).</summary>
public readonly record struct Parsed<T>(string Text, T Value);

/// <summary>The toolkit's entry points: each field kind with its length limit, the rest added fluently.</summary>
public static class Fields
{
    /// <summary>Free text, folded (full-width to half-width, trimmed).</summary>
    public static TextField Text(string name, int maxLength) => new(name, maxLength);

    /// <summary>Text with every space removed: codes, numbers, phone numbers, yes/no.</summary>
    public static TextField Compact(string name, int maxLength) => new(name, maxLength) { IsCompact = true };

    /// <summary>A list cell (split on 、，,;；/ and line breaks), bounded as a whole, per item and in items.</summary>
    public static ListField<string> List(string name, int maxLength, int maxItems, int maxItemLength) =>
        new(name, maxLength, maxItems, maxItemLength, Keep);

    /// <summary>A whole number within a range.</summary>
    public static NumberField Number(string name, int min, int max, Func<string, FieldFinding> whenInvalid) =>
        new(name, min, max, whenInvalid);

    /// <summary>是/否.</summary>
    public static FlagField Flag(string name, string label) => new(name, label);

    private static bool Keep(string text, out string value)
    {
        value = text;
        return true;
    }
}

/// <summary>A text field: its length limit, and optionally required, a pattern, a normal form.</summary>
public sealed record TextField(string Name, int MaxLength) : Field<string>(Name)
{
    public bool IsCompact { get; init; }

    public FieldFinding? WhenMissing { get; init; }

    /// <summary>Checks a non-empty value: a finding when it breaks the rule, else null.</summary>
    public Func<string, FieldFinding?>? Rule { get; init; }

    public Func<string, string>? Normalise { get; init; }

    public TextField Required(string code, string message) => this with { WhenMissing = new FieldFinding(code, message) };

    /// <summary>Text that must match <paramref name="pattern"/>; on an error the value is dropped, on a warning kept.</summary>
    public TextField Matching(Regex pattern, Func<string, FieldFinding> whenNoMatch)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return Checked(text => pattern.IsMatch(text) ? null : whenNoMatch(text));
    }

    /// <summary>Text that must pass <paramref name="rule"/>; on an error the value is dropped, on a warning kept.</summary>
    public TextField Checked(Func<string, FieldFinding?> rule) => this with { Rule = rule };

    public TextField NormalisedBy(Func<string, string> normalise) => this with { Normalise = normalise };

    /// <summary>Parsed into a value; an empty field, or one not recognised when that is only a warning, yields
    /// <paramref name="fallback"/>.</summary>
    public ParsedField<TValue> As<TValue>(TextParser<TValue> parse, Func<string, FieldFinding> whenInvalid, TValue fallback = default!) =>
        new(this, parse, whenInvalid, fallback);

    public override string Read(FieldCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var text = check.Text(Name, MaxLength, IsCompact);
        if (text is null)
        {
            return string.Empty;
        }

        if (Normalise is not null)
        {
            text = Normalise(text);
        }

        if (text.Length == 0)
        {
            if (WhenMissing is not null)
            {
                check.Report(Name, WhenMissing);
            }

            return text;
        }

        if (Rule?.Invoke(text) is { } finding)
        {
            check.Report(Name, finding);
            return finding.Severity == Severity.Error ? string.Empty : text;
        }

        return text;
    }
}

/// <summary>A text field parsed into a value: an unrecognised value is an error, or (for a warning) kept as
/// text with <c>Fallback</c> as its value.</summary>
public sealed record ParsedField<T>(TextField Source, TextParser<T> Parse, Func<string, FieldFinding> WhenInvalid, T Fallback)
    : Field<Parsed<T>>(Source.Name)
{
    public ParsedField<T> Required(string code, string message) => this with { Source = Source.Required(code, message) };

    public override Parsed<T> Read(FieldCheck check)
    {
        var text = Source.Read(check);
        if (text.Length == 0)
        {
            return new(text, Fallback);
        }

        if (Parse(text, out var value))
        {
            return new(text, value);
        }

        check.Report(Name, WhenInvalid(text));
        return new(text, Fallback);
    }
}
