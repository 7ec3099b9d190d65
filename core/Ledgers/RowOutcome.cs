using Liuhu.Core.Problems;

namespace Liuhu.Core.Ledgers;

/// <summary>What one ledger row became: a value to store, or the errors that kept it out; warnings either way.</summary>
public sealed record RowOutcome<T>(int Row, T? Value, IReadOnlyList<RowIssue> Errors, IReadOnlyList<RowIssue> Warnings)
    where T : class
{
    public bool Accepted => Value is not null;
}
