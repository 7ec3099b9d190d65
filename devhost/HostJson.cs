using System.Globalization;
using System.Text.Json;

namespace Liuhu.DevHost;

/// <summary>The settings of host.json that change how triggers behave, with the Functions host's defaults.</summary>
public sealed record HostJson(
    string RoutePrefix,
    int MaxDequeueCount,
    TimeSpan VisibilityTimeout,
    TimeSpan MaxPollingInterval,
    int BatchSize)
{
    public static HostJson Load(string path)
    {
        if (!File.Exists(path))
        {
            return new HostJson("api", 5, TimeSpan.Zero, TimeSpan.FromMinutes(1), 16);
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var extensions = document.RootElement.TryGetProperty("extensions", out var e) ? e : default;
        var http = Section(extensions, "http");
        var queues = Section(extensions, "queues");
        return new HostJson(
            RoutePrefix: String(http, "routePrefix") ?? "api",
            MaxDequeueCount: Int(queues, "maxDequeueCount") ?? 5,
            VisibilityTimeout: Span(queues, "visibilityTimeout") ?? TimeSpan.Zero,
            MaxPollingInterval: Span(queues, "maxPollingInterval") ?? TimeSpan.FromMinutes(1),
            BatchSize: Int(queues, "batchSize") ?? 16);
    }

    private static JsonElement Section(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var section) ? section : default;

    private static string? String(JsonElement section, string name) =>
        section.ValueKind == JsonValueKind.Object && section.TryGetProperty(name, out var v) ? v.GetString() : null;

    private static int? Int(JsonElement section, string name) =>
        section.ValueKind == JsonValueKind.Object && section.TryGetProperty(name, out var v) && v.TryGetInt32(out var i) ? i : null;

    private static TimeSpan? Span(JsonElement section, string name)
    {
        if (String(section, name) is { } text && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span))
        {
            return span;
        }

        // Numbers in host.json are milliseconds.
        return section.ValueKind == JsonValueKind.Object && section.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
            ? TimeSpan.FromMilliseconds(v.GetDouble())
            : null;
    }
}
