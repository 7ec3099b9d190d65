using System.Text.Json;

namespace Liuhu.Core.Storage;

/// <summary>Lists kept in one string property as a JSON array (a table entity has no list type).</summary>
public static class JsonLists
{
    public static string Write(IReadOnlyList<string> items) => JsonSerializer.Serialize(items);

    public static IReadOnlyList<string> Read(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<string[]>(json) ?? [];
}
