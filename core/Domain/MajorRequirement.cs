namespace Liuhu.Core.Domain;

/// <summary>What a post's 专业要求 accepts, read the way ledgers write it: any major (不限, 不限专业, 无), whole
/// classes (计算机类, 电气类相关专业, 化工类), discipline groups (理工科, 经管类, 文科), named majors, a major's
/// class when "相关专业" follows it (计算机相关专业), lists joined by 、，/ or 或. What none of these explains is
/// kept as written in <see cref="Unrecognised"/>: matching then compares it by name, and the ledger warns.</summary>
public sealed record MajorRequirement
{
    private static readonly HashSet<string> AnyMajorForms = new(StringComparer.OrdinalIgnoreCase)
    {
        "不限", "专业不限", "不限专业", "无", "无要求", "无限制", "不限制", "专业不限制", "所有专业", "各专业", "全部专业",
        "任意专业", "任何专业", "专业无要求", "无专业要求", "无特殊要求", "专业无限制", "-", "—", "/", "any",
    };

    // Longest first: 等相关专业 before 相关专业 before 专业.
    private static readonly (string Suffix, bool Related)[] Suffixes =
    [
        ("等相关专业", true), ("及相关专业", true), ("或相关专业", true), ("等相近专业", true), ("相关专业", true), ("相近专业", true),
        ("等相关", true), ("相关", true), ("等专业", false), ("专业优先", false), ("优先", false), ("专业", false), ("等", false),
    ];

    public bool AnyMajor { get; init; }

    /// <summary>Majors named (catalogue codes).</summary>
    public IReadOnlySet<string> Codes { get; init; } = new HashSet<string>();

    /// <summary>专业类 accepted whole: named (计算机类) or a named major's class with 相关专业.</summary>
    public IReadOnlySet<string> Classes { get; init; } = new HashSet<string>();

    /// <summary>学科门类 and 专业大类 accepted whole (理工科 is 07, 08 and the engineering 大类).</summary>
    public IReadOnlySet<string> Disciplines { get; init; } = new HashSet<string>();

    /// <summary>Parts the catalogue does not explain, as written.</summary>
    public IReadOnlyList<string> Unrecognised { get; init; } = [];

    /// <summary>Open to every major: an any-major form, or nothing written.</summary>
    public bool IsOpen => AnyMajor || (Codes.Count == 0 && Classes.Count == 0 && Disciplines.Count == 0 && Unrecognised.Count == 0);

    public static bool IsAnyMajor(string? text) => AnyMajorForms.Contains(TextNormalizer.FoldWithoutWhitespace(text));

    public static MajorRequirement Parse(string? text, MajorCatalog catalog) => Parse(TextNormalizer.SplitList(text), catalog);

    /// <summary>Reads the items of a 专业要求 cell, each split again on 或 (never on 及 or 与, which are inside
    /// names such as 机械设计制造及其自动化).</summary>
    public static MajorRequirement Parse(IEnumerable<string> items, MajorCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(catalog);
        var any = false;
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var classes = new HashSet<string>(StringComparer.Ordinal);
        var disciplines = new HashSet<string>(StringComparer.Ordinal);
        var unrecognised = new List<string>();
        foreach (var item in items.SelectMany(i => i.Split('或', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (IsAnyMajor(item))
            {
                any = true;
                continue;
            }

            if (!Read(item, catalog, codes, classes, disciplines))
            {
                unrecognised.Add(TextNormalizer.Fold(item));
            }
        }

        return new MajorRequirement { AnyMajor = any, Codes = codes, Classes = classes, Disciplines = disciplines, Unrecognised = unrecognised };
    }

    private static bool Read(string item, MajorCatalog catalog, HashSet<string> codes, HashSet<string> classes, HashSet<string> disciplines)
    {
        var core = TextNormalizer.FoldWithoutWhitespace(item);
        var related = false;
        foreach (var (suffix, isRelated) in Suffixes)
        {
            if (core.Length > suffix.Length && core.EndsWith(suffix, StringComparison.Ordinal))
            {
                core = core[..^suffix.Length];
                related |= isRelated;
                break;
            }
        }

        if (core.EndsWith("类专业", StringComparison.Ordinal))
        {
            core = core[..^2];
        }

        if (catalog.DisciplineGroup(core) is { } group)
        {
            disciplines.UnionWith(group);
            return true;
        }

        if (catalog.ClassesNamed(core) is { Count: > 0 } named)
        {
            classes.UnionWith(named);
            return true;
        }

        // A major before a discipline of the same name: 经济学, 法学 and 农学 in a ledger mean the major.
        if (catalog.CodeOf(core) is { } code)
        {
            codes.Add(code);
            if (related)
            {
                classes.Add(MajorCatalog.Class(code));
            }

            return true;
        }

        if (catalog.DisciplineNamed(core) is { } discipline)
        {
            disciplines.Add(discipline);
            return true;
        }

        // 软件类, 机电类: a class named after one of its majors.
        if (core.Length > 1 && core.EndsWith('类') && catalog.CodeOf(core[..^1]) is { } classOf)
        {
            classes.Add(MajorCatalog.Class(classOf));
            return true;
        }

        return false;
    }
}
