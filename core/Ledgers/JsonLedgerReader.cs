using System.Text.Json;

namespace Liuhu.Core.Ledgers;

/// <summary>A JSON array of row objects keyed by the English field names; read into the same cells a
/// spreadsheet gives, with the field names as the header row, so one validator serves every format.</summary>
public static class JsonLedgerReader
{
    public static RawTable Read(ReadOnlySpan<byte> content, LedgerLimits limits)
    {
        var bounds = new ReaderBounds(limits);

        // JsonDocument checks structure, not the bytes inside strings, and would throw on reading such a string.
        if (!System.Text.Unicode.Utf8.IsValid(content))
        {
            throw FileProblems.InvalidJson("the text is not valid UTF-8");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw FileProblems.InvalidJson($"line {ex.LineNumber + 1}: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("rows", out var wrapped))
            {
                root = wrapped;
            }

            if (root.ValueKind != JsonValueKind.Array)
            {
                throw FileProblems.InvalidJson("the top level is not an array");
            }

            // Each row keeps only the keys it has: objects with different keys must not each grow a cell for
            // every key seen anywhere (issue 9: 171 KB of such objects took 2.29 GB).
            var columns = new List<string>();
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            var rows = new List<RawRow> { new(0, []) };
            var cells = new SortedDictionary<int, string>();
            var record = new RowCellsBuilder();
            var number = 0;
            foreach (var item in root.EnumerateArray())
            {
                number++;
                if (item.ValueKind != JsonValueKind.Object)
                {
                    throw FileProblems.InvalidJson($"item {number} is not an object");
                }

                bounds.CountSheetRow();
                cells.Clear();
                var filled = false;
                foreach (var property in item.EnumerateObject())
                {
                    if (!index.TryGetValue(property.Name, out var column))
                    {
                        if (columns.Count >= bounds.Limits.MaxColumns)
                        {
                            throw FileProblems.TooManyKeys(bounds.Limits.MaxColumns);
                        }

                        column = columns.Count;
                        bounds.CheckCellLength(0, column, property.Name.Length);
                        index.Add(property.Name, column);
                        columns.Add(property.Name);
                    }

                    var text = CellText(property.Value);
                    bounds.CheckCellLength(number, column, text.Length);
                    if (text.Length > 0)
                    {
                        bounds.HoldCell();
                        bounds.HoldText(text.Length);
                        cells[column] = text;
                        filled |= !string.IsNullOrWhiteSpace(text);
                    }
                }

                if (!filled)
                {
                    continue;
                }

                bounds.CountDataRow(0);
                record.Clear();
                foreach (var (column, text) in cells)
                {
                    record.Add(column, text);
                }

                rows.Add(new RawRow(number, record.Build()));
            }

            rows[0] = new RawRow(0, columns.ToArray());
            return new RawTable(LedgerFormat.Json, rows);
        }
    }

    private static string CellText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? string.Empty,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Array => string.Join("、", value.EnumerateArray().Select(CellText)),
        JsonValueKind.Object => value.GetRawText(),
        _ => string.Empty,
    };
}
