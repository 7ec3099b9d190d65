using Liuhu.Core.Ledgers;
using Liuhu.Core.Problems;

namespace Liuhu.Core.Validation;

/// <summary>Where a record's fields come from (a ledger row, a JSON body), and how it places an issue: a row
/// and a column (with the cell) for a ledger, a field path for a JSON body.</summary>
public interface IFieldSource
{
    /// <summary>The field's raw text, empty when absent.</summary>
    string Get(string field);

    RowIssue Issue(string field, string code, string message);
}

/// <summary>One data row of a located ledger sheet as a field source.</summary>
public sealed class SheetRowSource(LedgerSheet sheet, RawRow row) : IFieldSource
{
    public string Get(string field) => sheet.Get(row, field);

    public RowIssue Issue(string field, string code, string message) => sheet.Issue(row, field, code, message);
}
