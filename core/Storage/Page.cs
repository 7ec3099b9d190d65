namespace Liuhu.Core.Storage;

public sealed record Page<T>(IReadOnlyList<T> Items, string? ContinuationToken);
