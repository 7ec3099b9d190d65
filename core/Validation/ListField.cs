using Liuhu.Core.Domain;

namespace Liuhu.Core.Validation;

/// <summary>A list cell, bounded as a whole (<see cref="MaxLength"/>), in items and per item, so that its JSON
/// form always fits a table property; items may be parsed (a cluster name to its code) and some skipped
/// (不限). Repeated items are kept once.</summary>
public sealed record ListField<T>(string Name, int MaxLength, int MaxItems, int MaxItemLength, TextParser<T> ParseItem)
    : Field<IReadOnlyList<T>>(Name)
{
    public Func<string, FieldFinding>? WhenItemInvalid { get; init; }

    public IReadOnlySet<string> Ignored { get; init; } = new HashSet<string>();

    /// <summary>Items parsed by <paramref name="parse"/>; an item it refuses is reported with <paramref name="whenInvalid"/>.</summary>
    public ListField<TItem> Of<TItem>(TextParser<TItem> parse, Func<string, FieldFinding> whenInvalid, params string[] ignored) =>
        new(Name, MaxLength, MaxItems, MaxItemLength, parse) { WhenItemInvalid = whenInvalid, Ignored = ignored.ToHashSet(StringComparer.Ordinal) };

    public override IReadOnlyList<T> Read(FieldCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var text = check.Text(Name, MaxLength, compact: false);
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var items = TextNormalizer.SplitList(text);
        if (items.Count > MaxItems)
        {
            check.Report(Name, "list.too_many", $"最多填写 {MaxItems} 项，实为 {items.Count} 项（以顿号、逗号或分号分隔）");
            return [];
        }

        var values = new List<T>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.Length > MaxItemLength)
            {
                check.Report(Name, "list.item_too_long", $"第 {i + 1} 项过长（{item.Length} 字），每项不得超过 {MaxItemLength} 字");
                continue;
            }

            if (Ignored.Contains(item))
            {
                continue;
            }

            if (ParseItem(item, out var value))
            {
                if (!values.Contains(value))
                {
                    values.Add(value);
                }
            }
            else if (WhenItemInvalid is not null)
            {
                check.Report(Name, WhenItemInvalid(item));
            }
        }

        return values;
    }
}
