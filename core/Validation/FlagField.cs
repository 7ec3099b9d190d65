namespace Liuhu.Core.Validation;

/// <summary>A 是/否 field (also 同意/不同意, true/false, 1/0, y/n, √/×). A required flag left empty is
/// <c>{name}.required</c>; anything else unreadable is <c>{name}.invalid</c>. Reads as null when empty.</summary>
public sealed record FlagField(string Name, string Label) : Field<bool?>(Name)
{
    private const int MaxLength = 10;

    public bool IsRequired { get; init; }

    public FlagField Required() => this with { IsRequired = true };

    public override bool? Read(FieldCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var text = check.Text(Name, MaxLength, compact: true)?.ToLowerInvariant();
        switch (text)
        {
            case null:
                return null;
            case "是" or "同意" or "true" or "1" or "y" or "yes" or "√":
                return true;
            case "否" or "不同意" or "false" or "0" or "n" or "no" or "×":
                return false;
            case "" when !IsRequired:
                return null;
            case "":
                check.Report(Name, Name + ".required", $"“{Label}”须填写 是 或 否");
                return null;
            default:
                check.Report(Name, Name + ".invalid", $"“{Label}”应为 是 或 否，实为“{text}”");
                return null;
        }
    }
}
