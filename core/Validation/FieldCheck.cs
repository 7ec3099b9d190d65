using Liuhu.Core.Domain;
using Liuhu.Core.Problems;

namespace Liuhu.Core.Validation;

/// <summary>Whether a finding keeps the record out (an error) or only tells the uploader (a warning).</summary>
public enum Severity
{
    Error,
    Warning,
}

/// <summary>What a rule found, before the source places it at a row and column.</summary>
public sealed record FieldFinding(string Code, string Message, Severity Severity = Severity.Error)
{
    public static FieldFinding Warning(string code, string message) => new(code, message, Severity.Warning);
}

/// <summary>Reads one record's fields through their declared rules and collects what is wrong with them.
/// Every field is read, and so checked against its own limits, before the caller builds anything from it.</summary>
public sealed class FieldCheck(IFieldSource source)
{
    public const string TooLongCode = "cell.too_long";

    private readonly List<RowIssue> errors = [];
    private readonly List<RowIssue> warnings = [];

    public IReadOnlyList<RowIssue> Errors => errors;

    public IReadOnlyList<RowIssue> Warnings => warnings;

    public bool HasErrors => errors.Count > 0;

    public T Read<T>(Field<T> field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.Read(this);
    }

    public void Report(string field, FieldFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        (finding.Severity == Severity.Error ? errors : warnings).Add(source.Issue(field, finding.Code, finding.Message));
    }

    public void Report(string field, string code, string message, Severity severity = Severity.Error) =>
        Report(field, new FieldFinding(code, message, severity));

    /// <summary>The field's folded text, or null (with the error reported) when it is longer than
    /// <paramref name="maxLength"/>: a value that cannot be stored is never looked at further.</summary>
    public string? Text(string field, int maxLength, bool compact)
    {
        var raw = source.Get(field);
        var text = compact ? TextNormalizer.FoldWithoutWhitespace(raw) : TextNormalizer.Fold(raw);
        if (text.Length > maxLength)
        {
            Report(field, TooLong(text.Length, maxLength));
            return null;
        }

        return text;
    }

    public static FieldFinding TooLong(int length, int maxLength) => new(TooLongCode, $"内容过长（{length} 字），不得超过 {maxLength} 字");
}
