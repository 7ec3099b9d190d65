using System.Text.Json;

namespace Liuhu.Core.Domain;

/// <summary>Reading a request body's fields the same way everywhere: a string member of an object, else null.</summary>
public static class JsonFields
{
    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
