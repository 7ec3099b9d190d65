using Liuhu.Core.Problems;

namespace Liuhu.Core.Ledgers;

/// <summary>One rejected row as uploaded: its row number, its cells in the file's column order, and every reason
/// it was rejected, in Chinese, each naming its column.</summary>
public sealed record RejectedRow(int Number, IReadOnlyList<string> Cells, IReadOnlyList<string> Reasons);

/// <summary>The rejected rows of a processed ledger with the header as uploaded: what an error workbook is made of
/// once the uploaded file itself is gone. Everything here was read from the file within <see cref="LedgerLimits"/>
/// (rows, cells, text), so it is bounded by the same limits.</summary>
public sealed record RejectedRows(IReadOnlyList<string> Header, IReadOnlyList<RejectedRow> Rows)
{
    /// <summary>The rows of <paramref name="sheet"/> that <paramref name="errors"/> name, with their reasons.</summary>
    public static RejectedRows From(LedgerSheet sheet, IReadOnlyList<RowIssue> errors)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        ArgumentNullException.ThrowIfNull(errors);
        var reasons = errors.Where(e => e.Row is not null)
            .GroupBy(e => e.Row!.Value)
            .ToDictionary(g => g.Key, g => g.Select(Reason).Distinct(StringComparer.Ordinal).ToList());
        var rows = sheet.Rows
            .Where(r => reasons.ContainsKey(r.Number))
            .Select(r => new RejectedRow(r.Number, Trimmed(r.Cells), reasons[r.Number]))
            .ToList();
        return new RejectedRows(Trimmed(sheet.HeaderCells), rows);
    }

    /// <summary>Rows collected with <see cref="Row"/>, under the header as uploaded.</summary>
    public static RejectedRows Of(IReadOnlyList<string> header, IReadOnlyList<RejectedRow> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        return new RejectedRows(Trimmed(header), rows);
    }

    /// <summary>One rejected row as it is met while a ledger is read row by row, with the reasons its issues give.</summary>
    public static RejectedRow Row(RawRow row, IEnumerable<RowIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(issues);
        return new RejectedRow(row.Number, Trimmed(row.Cells), issues.Select(Reason).Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>"工作地点：…" — the column as the uploader's header named it, then the validator's message.</summary>
    public static string Reason(RowIssue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return issue.Column is { Length: > 0 } column ? $"{column}：{issue.Message}" : issue.Message;
    }

    /// <summary>A dense copy without trailing empty cells (a sparse row of a hostile file stays small).</summary>
    private static string[] Trimmed(IReadOnlyList<string> cells)
    {
        var last = -1;
        var index = 0;
        foreach (var cell in cells)
        {
            if (cell.Length > 0)
            {
                last = index;
            }

            index++;
        }

        return [.. cells.Take(last + 1)];
    }
}
