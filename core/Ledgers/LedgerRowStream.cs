using Liuhu.Core.Problems;

namespace Liuhu.Core.Ledgers;

/// <summary>A ledger read one row at a time: the header already found (<see cref="Sheet"/>), the data rows below it
/// yielded as the file is read, so memory follows one row rather than the file. Read <see cref="Rows"/> once.</summary>
public sealed class LedgerRowStream : IDisposable
{
    private readonly IReadOnlyList<RawRow> searched;
    private readonly IEnumerator<RawRow> rest;
    private readonly int maxRows;
    private readonly List<RowIssue> skippedNotes = [];
    private bool started;

    internal LedgerRowStream(LedgerSheet sheet, IReadOnlyList<RawRow> searched, IEnumerator<RawRow> rest, int maxRows)
    {
        Sheet = sheet;
        this.searched = searched;
        this.rest = rest;
        this.maxRows = maxRows;
    }

    /// <summary>The header and its column mapping; its warnings are the header's (see <see cref="SkippedNotes"/>).</summary>
    public LedgerSheet Sheet { get; }

    /// <summary>A warning for each notes row skipped so far, in row order.</summary>
    public IReadOnlyList<RowIssue> SkippedNotes => skippedNotes;

    /// <summary>The data rows read so far.</summary>
    public int RowsRead { get; private set; }

    /// <summary>The data rows below the header: blank rows dropped, notes rows skipped with a warning. Refuses the
    /// file at the first row past <c>maxRows</c>, and at the end when there were none.</summary>
    public IEnumerable<RawRow> Rows()
    {
        if (started)
        {
            throw new InvalidOperationException("A ledger's rows are read once.");
        }

        started = true;
        return Read();
    }

    private IEnumerable<RawRow> Read()
    {
        foreach (var row in searched)
        {
            if (Keep(row))
            {
                yield return row;
            }
        }

        while (rest.MoveNext())
        {
            if (Keep(rest.Current))
            {
                yield return rest.Current;
            }
        }

        if (RowsRead == 0)
        {
            throw FileProblems.NoRows();
        }
    }

    private bool Keep(RawRow row)
    {
        if (row.IsBlank)
        {
            return false;
        }

        if (LedgerSheet.IsNotesRow(row))
        {
            skippedNotes.Add(new RowIssue(row.Number, null, "row.notes_skipped", "备注或说明行，已跳过"));
            return false;
        }

        if (++RowsRead > maxRows)
        {
            throw FileProblems.TooManyRows(RowsRead, maxRows);
        }

        return true;
    }

    public void Dispose() => rest.Dispose();
}
