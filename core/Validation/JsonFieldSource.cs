using System.Text.Json;
using Liuhu.Core.Problems;

namespace Liuhu.Core.Validation;

/// <summary>A JSON body as a field source, read through the same validators as a ledger row. A field is the
/// property of the same name (case-insensitive), or the dotted path in <paramref name="paths"/>; a value in
/// <paramref name="fixedValues"/> (an id from the route) wins over the body. An issue names the field's path.</summary>
public sealed class JsonFieldSource(JsonElement body, IReadOnlyDictionary<string, string>? paths = null, IReadOnlyDictionary<string, string>? fixedValues = null)
    : IFieldSource
{
    public string Get(string field) => fixedValues is not null && fixedValues.TryGetValue(field, out var value)
        ? value
        : Text(Path(PathOf(field).Split('.')));

    public RowIssue Issue(string field, string code, string message) => new(null, PathOf(field), code, message);

    private string PathOf(string field) => paths?.GetValueOrDefault(field) ?? field;

    private JsonElement? Path(string[] names)
    {
        var current = body;
        foreach (var name in names)
        {
            if (current.ValueKind != JsonValueKind.Object || !TryGetProperty(current, name, out current))
            {
                return null;
            }
        }

        return current;
    }

    private static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static string Text(JsonElement? value) => value?.ValueKind switch
    {
        JsonValueKind.String => value.Value.GetString() ?? string.Empty,
        JsonValueKind.Number => value.Value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Array => string.Join("、", value.Value.EnumerateArray().Select(v => Text(v))),
        _ => string.Empty,
    };
}
