namespace Liuhu.Core.Domain;

/// <summary>A closed list of values, each with an English code (API, storage), a Chinese name (templates, pages)
/// and the other names people write for it; parsing folds width and spaces and ignores the code's case.</summary>
public sealed class NamedCodes<T>(params (T Value, string Code, string Name, string[] Aliases)[] entries)
    where T : struct, Enum
{
    public IEnumerable<T> Values => entries.Select(e => e.Value);

    public bool TryParse(string? text, out T value)
    {
        var folded = TextNormalizer.FoldWithoutWhitespace(text);
        foreach (var entry in entries)
        {
            if (string.Equals(folded, entry.Code, StringComparison.OrdinalIgnoreCase) || folded == entry.Name || entry.Aliases.Contains(folded))
            {
                value = entry.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    public string Code(T value) => Entry(value).Code;

    public string ChineseName(T value) => Entry(value).Name;

    private (T Value, string Code, string Name, string[] Aliases) Entry(T value) =>
        entries.First(e => EqualityComparer<T>.Default.Equals(e.Value, value));
}
