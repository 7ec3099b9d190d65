using System.Text.Json;

namespace Liuhu.Core.Ledgers;

/// <summary>A JSON array of row objects keyed by the English field names; read into the same cells a
/// spreadsheet gives, with the field names as the header row, so one validator serves every format.</summary>
public static class JsonLedgerReader
{
    public static RawTable Read(ReadOnlySpan<byte> content)
    {
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

            var columns = new List<string>();
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            var objects = new List<JsonElement>();
            foreach (var item in root.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                {
                    throw FileProblems.InvalidJson($"item {objects.Count + 1} is not an object");
                }

                objects.Add(item);
                foreach (var property in item.EnumerateObject())
                {
                    if (index.TryAdd(property.Name, columns.Count))
                    {
                        columns.Add(property.Name);
                    }
                }
            }

            var rows = new List<RawRow>(objects.Count + 1) { new(0, columns.ToArray()) };
            for (var i = 0; i < objects.Count; i++)
            {
                var cells = new string[columns.Count];
                Array.Fill(cells, string.Empty);
                foreach (var property in objects[i].EnumerateObject())
                {
                    cells[index[property.Name]] = CellText(property.Value);
                }

                rows.Add(new RawRow(i + 1, cells));
            }

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
