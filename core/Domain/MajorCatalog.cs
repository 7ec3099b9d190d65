using System.Text.Json;

namespace Liuhu.Core.Domain;

/// <summary>Ministry of Education major codes by name and alias, so that a ledger's 计算机科学与技术 and a
/// profile's 080901 meet. Codes compare by class (first 4 digits) and discipline (first 2).</summary>
public sealed class MajorCatalog
{
    private readonly Dictionary<string, string> codeByName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> nameByCode = new(StringComparer.OrdinalIgnoreCase);

    private MajorCatalog()
    {
    }

    public static MajorCatalog Default { get; } = Load();

    public int Count => nameByCode.Count;

    public string? CodeOf(string? nameOrCode)
    {
        var folded = TextNormalizer.FoldWithoutWhitespace(nameOrCode);
        if (folded.Length == 0)
        {
            return null;
        }

        if (nameByCode.ContainsKey(folded))
        {
            return folded.ToUpperInvariant();
        }

        return codeByName.TryGetValue(folded, out var code) ? code : null;
    }

    public string? NameOf(string code) => nameByCode.GetValueOrDefault(code);

    /// <summary>The majors a post actually restricts to: 不限 and 专业不限 mean any major.</summary>
    public static List<string> Restricting(IEnumerable<string> majors) =>
        majors.Where(m => m is not ("不限" or "专业不限")).ToList();

    public static string Class(string code) => code.Length >= 4 ? code[..4] : code;

    public static string Discipline(string code) => code.Length >= 2 ? code[..2] : code;

    private static MajorCatalog Load()
    {
        using var stream = typeof(MajorCatalog).Assembly.GetManifestResourceStream("Liuhu.Core.majors.json")
            ?? throw new InvalidOperationException("The major catalogue resource is missing.");
        using var document = JsonDocument.Parse(stream);
        var catalog = new MajorCatalog();
        foreach (var major in document.RootElement.GetProperty("majors").EnumerateArray())
        {
            var code = major.GetProperty("code").GetString()!;
            var name = major.GetProperty("name").GetString()!;
            catalog.nameByCode[code] = name;
            catalog.codeByName[name] = code;
            foreach (var alias in major.GetProperty("aliases").EnumerateArray())
            {
                catalog.codeByName.TryAdd(alias.GetString()!, code);
            }
        }

        return catalog;
    }
}
