using System.Text.RegularExpressions;
using Liuhu.Core.Problems;

namespace Liuhu.Core.Ledgers;

/// <summary>A ledger's data rows with their header located and recognised.</summary>
public sealed partial class LedgerSheet
{
    private readonly Dictionary<string, int> columnOf;
    private readonly Dictionary<string, string> headerTextOf;

    private LedgerSheet(LedgerFormat format, IReadOnlyList<string> headerCells, int headerRow, Dictionary<string, int> columnOf, Dictionary<string, string> headerTextOf,
        IReadOnlyList<RawRow> rows, IReadOnlyList<RowIssue> warnings)
    {
        Format = format;
        HeaderCells = headerCells;
        HeaderRow = headerRow;
        this.columnOf = columnOf;
        this.headerTextOf = headerTextOf;
        Rows = rows;
        Warnings = warnings;
    }

    public LedgerFormat Format { get; }

    public int HeaderRow { get; }

    /// <summary>The header row's cells as uploaded, in the file's column order.</summary>
    public IReadOnlyList<string> HeaderCells { get; }

    /// <summary>The data rows; empty for the sheet of a <see cref="LedgerRowStream"/>, whose rows are read as they come.</summary>
    public IReadOnlyList<RawRow> Rows { get; }

    /// <summary>File-level warnings: unrecognised or repeated columns, skipped notes rows.</summary>
    public IReadOnlyList<RowIssue> Warnings { get; }

    public bool Has(string field) => columnOf.ContainsKey(field);

    public string Get(RawRow row, string field)
    {
        ArgumentNullException.ThrowIfNull(row);
        return columnOf.TryGetValue(field, out var index) ? row.Cell(index).Trim() : string.Empty;
    }

    public RowIssue Issue(RawRow row, string? field, string code, string message)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (field is null || !columnOf.TryGetValue(field, out var index))
        {
            return new RowIssue(row.Number, field is null ? null : headerTextOf.GetValueOrDefault(field, field), code, message);
        }

        var cell = Format is LedgerFormat.Xlsx or LedgerFormat.Xls ? $"{XlsxLedgerReader.ColumnLetters(index)}{row.Number}" : null;
        return new RowIssue(row.Number, headerTextOf[field], code, message, cell);
    }

    /// <summary>Finds the header among the first rows (ledgers often carry a title row or two above it),
    /// maps its cells to fields, and keeps the rows below it that hold data.</summary>
    public static LedgerSheet Locate(RawTable table, LedgerSchema schema)
    {
        ArgumentNullException.ThrowIfNull(table);
        var stream = Open(table.Format, table.Rows, schema, int.MaxValue);
        var rows = stream.Rows().ToList();
        var sheet = stream.Sheet;
        return new LedgerSheet(sheet.Format, sheet.HeaderCells, sheet.HeaderRow, sheet.columnOf, sheet.headerTextOf, rows, [.. sheet.Warnings, .. stream.SkippedNotes]);
    }

    /// <summary>As <see cref="Locate"/>, but reading <paramref name="rows"/> lazily: only the rows searched for the
    /// header are held, and the data rows below it come one at a time from <see cref="LedgerRowStream.Rows"/>.</summary>
    public static LedgerRowStream Open(LedgerFormat format, IEnumerable<RawRow> rows, LedgerSchema schema, int maxRows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(schema);
        var source = rows.GetEnumerator();
        try
        {
            var searched = new List<RawRow>(RowsToSearch);
            while (searched.Count < RowsToSearch && source.MoveNext())
            {
                searched.Add(source.Current);
            }

            var (sheet, headerIndex) = Header(format, searched, schema);
            return new LedgerRowStream(sheet, searched.Skip(headerIndex + 1).ToList(), source, maxRows);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    private const int RowsToSearch = 20;

    private static (LedgerSheet Sheet, int Index) Header(LedgerFormat format, List<RawRow> searched, LedgerSchema schema)
    {
        var bestIndex = -1;
        var bestCount = 0;
        for (var i = 0; i < searched.Count; i++)
        {
            var recognised = searched[i].Cells.Select(schema.Recognise).OfType<LedgerColumn>().Distinct().Count();
            if (recognised > bestCount)
            {
                bestCount = recognised;
                bestIndex = i;
            }
        }

        if (bestCount < 2)
        {
            throw FileProblems.NoHeader(schema.RequiredColumns.Select(c => c.Header));
        }

        var header = searched[bestIndex];
        var headerNumber = format == LedgerFormat.Json ? 0 : header.Number;
        var warnings = new List<RowIssue>();
        var columnOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var headerTextOf = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var c = 0; c < header.Cells.Count; c++)
        {
            var text = header.Cells[c].Trim();
            if (text.Length == 0)
            {
                continue;
            }

            var column = schema.Recognise(text);
            if (column is null && text == ErrorWorkbook.ReasonHeader)
            {
                // The column Liuhu's own error workbook adds: a re-upload of a fixed error workbook is not a stranger.
                continue;
            }

            if (column is null)
            {
                warnings.Add(new RowIssue(headerNumber, text, "header.unknown_column", $"未识别的列“{text}”已忽略"));
            }
            else if (!columnOf.TryAdd(column.Field, c))
            {
                warnings.Add(new RowIssue(headerNumber, text, "header.duplicate_column", $"列“{text}”与前面的“{headerTextOf[column.Field]}”重复，已忽略"));
            }
            else
            {
                headerTextOf[column.Field] = text;
            }
        }

        var missing = schema.RequiredColumns.Where(c => !columnOf.ContainsKey(c.Field)).Select(c => c.Header).ToList();
        if (missing.Count > 0)
        {
            throw FileProblems.MissingColumns(missing, headerNumber);
        }

        return (new LedgerSheet(format, header.Cells, headerNumber, columnOf, headerTextOf, [], warnings), bestIndex);
    }

    /// <summary>True for a row below the header that is a note (备注, 填表说明, 合计...) rather than data.</summary>
    internal static bool IsNotesRow(RawRow row)
    {
        var filled = row.Cells.Where(c => !string.IsNullOrWhiteSpace(c)).ToList();
        return filled.Count is > 0 and <= 2 && NotesPrefix().IsMatch(filled[0].TrimStart());
    }

    [GeneratedRegex(@"^(备注|注[:：]|注\d|说明|填表说明|填报说明|填表人|制表|审核|合计|总计|单位(盖章|公章)|以上)")]
    private static partial Regex NotesPrefix();
}
