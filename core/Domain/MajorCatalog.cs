using System.Text.Json;

namespace Liuhu.Core.Domain;

/// <summary>Which of the Ministry of Education's two catalogues a major belongs to. Their codes never overlap:
/// 本科 disciplines are 01–13, 高职 专业大类 are 41–59.</summary>
public enum MajorLevel
{
    Undergraduate,
    Vocational,
}

/// <summary>Where one catalogue file came from, as the file itself says.</summary>
public sealed record CatalogueSource(string File, string Source, string Version);

/// <summary>The 本科 (2024) and 高职 (2021) major catalogues: 学科门类 / 专业大类 (2 digits), 专业类 (4 digits) and
/// majors (6 digits, with a T or K mark), their aliases, the Mongolian-medium (蒙授) majors, and the crosswalk
/// between 高职 and 本科 classes. Loaded once from the data files in this folder, each naming its source and
/// version. Codes compare by class (first 4 digits) and discipline (first 2).</summary>
public sealed class MajorCatalog
{
    private readonly Dictionary<string, string> codeByName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> vocationalCodeByName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> nameByCode = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> classNameByCode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> classCodesByName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> disciplineNameByCode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> disciplineCodeByName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, HashSet<string>> crosswalk = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> disciplineGroups = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> mongolianMediumNames = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> mongolianMarks = [];
    private readonly List<CatalogueSource> sources = [];

    private MajorCatalog()
    {
    }

    public static MajorCatalog Default { get; } = Load();

    /// <summary>Majors in both catalogues.</summary>
    public int Count => nameByCode.Count;

    public IReadOnlyList<CatalogueSource> Sources => sources;

    public IEnumerable<string> MajorCodes => nameByCode.Keys;

    public IEnumerable<string> ClassCodes => classNameByCode.Keys;

    public IEnumerable<string> DisciplineCodes => disciplineNameByCode.Keys;

    /// <summary>The major a name, alias or code stands for; a name both catalogues use (药学, 电子商务) is the
    /// 本科 major. A 蒙授 mark is ignored: 数学与应用数学（蒙授） is 070101.</summary>
    public string? CodeOf(string? nameOrCode) => CodeOf(nameOrCode, Degree.Bachelor);

    /// <summary>As <see cref="CodeOf(string?)"/>, but a graduate of 大专 or below with a name both catalogues use
    /// studied the 高职 major.</summary>
    public string? CodeOf(string? nameOrCode, Degree degree)
    {
        var folded = Fold(nameOrCode);
        if (folded.Length == 0)
        {
            return null;
        }

        if (nameByCode.ContainsKey(folded))
        {
            return folded.ToUpperInvariant();
        }

        var name = WithoutMediumMark(folded);
        if (degree is Degree.Secondary or Degree.Associate && vocationalCodeByName.TryGetValue(name, out var vocational))
        {
            return vocational;
        }

        return codeByName.TryGetValue(name, out var code) ? code : vocationalCodeByName.GetValueOrDefault(name);
    }

    public string? NameOf(string code) => nameByCode.GetValueOrDefault(code);

    public string? ClassNameOf(string classCode) => classNameByCode.GetValueOrDefault(classCode);

    public string? DisciplineNameOf(string disciplineCode) => disciplineNameByCode.GetValueOrDefault(disciplineCode);

    public bool IsClass(string classCode) => classNameByCode.ContainsKey(classCode);

    /// <summary>The 专业类 a name means (计算机类 is both 0809 and 5102); empty when it names none.</summary>
    public IReadOnlyList<string> ClassesNamed(string? name) =>
        classCodesByName.TryGetValue(Fold(name), out var codes) ? codes : [];

    /// <summary>The 学科门类 or 专业大类 a name means (工学 → 08, 电子与信息大类 → 51).</summary>
    public string? DisciplineNamed(string? name) => disciplineCodeByName.GetValueOrDefault(Fold(name));

    /// <summary>The disciplines a ledger's group word means (理工科, 经管类, 文科); null when it is not one.</summary>
    public IReadOnlyList<string>? DisciplineGroup(string? name) => disciplineGroups.GetValueOrDefault(Fold(name));

    /// <summary>The classes of the other catalogue that a class continues into or comes from (高职 5102 计算机类 ↔
    /// 本科 0809 计算机类).</summary>
    public IReadOnlyCollection<string> Crosswalk(string classCode) =>
        crosswalk.TryGetValue(classCode, out var related) ? related : [];

    /// <summary>Every known class of a discipline.</summary>
    public IEnumerable<string> ClassesOf(string disciplineCode) =>
        classNameByCode.Keys.Where(c => c.StartsWith(disciplineCode, StringComparison.Ordinal));

    /// <summary>Whether a major as the graduate wrote it is taught in Mongolian: a listed 蒙授 major
    /// (蒙古语言文学, 蒙医学) or any name with a 蒙授 mark.</summary>
    public bool IsMongolianMedium(string? major)
    {
        var folded = Fold(major);
        return folded.Length > 0 && (mongolianMediumNames.Contains(folded) || mongolianMarks.Any(m => folded.Contains(m, StringComparison.Ordinal)));
    }

    public static MajorLevel? LevelOf(string? code) =>
        code is { Length: >= 2 } && int.TryParse(code.AsSpan(0, 2), out var discipline)
            ? discipline >= 41 ? MajorLevel.Vocational : MajorLevel.Undergraduate
            : null;

    /// <summary>The majors a post actually restricts to: the any-major forms (不限, 专业不限, 不限专业, 无 ...) dropped.</summary>
    public static List<string> Restricting(IEnumerable<string> majors) =>
        majors.Where(m => !MajorRequirement.IsAnyMajor(m)).ToList();

    public static string Class(string code) => code.Length >= 4 ? code[..4] : code;

    public static string Discipline(string code) => code.Length >= 2 ? code[..2] : code;

    private string WithoutMediumMark(string folded)
    {
        foreach (var mark in mongolianMarks)
        {
            if (folded.Length > mark.Length && folded.Contains(mark, StringComparison.Ordinal))
            {
                return folded.Replace(mark, string.Empty, StringComparison.Ordinal);
            }
        }

        return folded;
    }

    // NFKC folds full-width brackets, so （蒙授） and (蒙授) are one mark.
    private static string Fold(string? text) => TextNormalizer.FoldWithoutWhitespace(text);

    private static MajorCatalog Load()
    {
        var catalog = new MajorCatalog();
        catalog.LoadLevel("majors-undergraduate.json", catalog.codeByName);
        catalog.LoadLevel("majors-vocational.json", catalog.vocationalCodeByName);
        catalog.LoadMongolianMedium();
        catalog.LoadCrosswalk();
        return catalog;
    }

    private static JsonDocument Read(string file, List<CatalogueSource> sources)
    {
        using var stream = typeof(MajorCatalog).Assembly.GetManifestResourceStream("Liuhu.Core." + file)
            ?? throw new InvalidOperationException($"The major catalogue resource {file} is missing.");
        var document = JsonDocument.Parse(stream);
        sources.Add(new CatalogueSource(file, document.RootElement.GetProperty("source").GetString()!, document.RootElement.GetProperty("version").GetString()!));
        return document;
    }

    private void LoadLevel(string file, Dictionary<string, string> byName)
    {
        using var document = Read(file, sources);
        var root = document.RootElement;
        foreach (var discipline in root.GetProperty("disciplines").EnumerateArray())
        {
            var code = discipline.GetProperty("code").GetString()!;
            var name = discipline.GetProperty("name").GetString()!;
            disciplineNameByCode[code] = name;
            disciplineCodeByName[name] = code;
        }

        foreach (var majorClass in root.GetProperty("classes").EnumerateArray())
        {
            var code = majorClass.GetProperty("code").GetString()!;
            classNameByCode[code] = majorClass.GetProperty("name").GetString()!;
            foreach (var name in majorClass.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()!).Prepend(classNameByCode[code]))
            {
                if (!classCodesByName.TryGetValue(Fold(name), out var codes))
                {
                    classCodesByName[Fold(name)] = codes = [];
                }

                codes.Add(code);
            }
        }

        var aliases = new List<(string Alias, string Code)>();
        foreach (var major in root.GetProperty("majors").EnumerateArray())
        {
            var code = major.GetProperty("code").GetString()!;
            var name = major.GetProperty("name").GetString()!;
            nameByCode[code] = name;
            byName[Fold(name)] = code;
            aliases.AddRange(major.GetProperty("aliases").EnumerateArray().Select(a => (a.GetString()!, code)));
        }

        // A major's own name wins over another major's alias.
        foreach (var (alias, code) in aliases)
        {
            byName.TryAdd(Fold(alias), code);
        }
    }

    private void LoadMongolianMedium()
    {
        using var document = Read("majors-mongolian-medium.json", sources);
        mongolianMarks.AddRange(document.RootElement.GetProperty("marks").EnumerateArray().Select(m => Fold(m.GetString())).Distinct().OrderByDescending(m => m.Length));
        foreach (var major in document.RootElement.GetProperty("majors").EnumerateArray())
        {
            var name = Fold(major.GetProperty("name").GetString());
            var code = major.GetProperty("code").GetString()!;
            mongolianMediumNames.Add(name);
            var plain = WithoutMediumMark(name);
            (LevelOf(code) == MajorLevel.Vocational ? vocationalCodeByName : codeByName).TryAdd(plain, code);
        }
    }

    private void LoadCrosswalk()
    {
        using var document = Read("major-crosswalk.json", sources);
        foreach (var pair in document.RootElement.GetProperty("classes").EnumerateArray())
        {
            var vocational = pair.GetProperty("vocational").GetString()!;
            foreach (var undergraduate in pair.GetProperty("undergraduate").EnumerateArray().Select(u => u.GetString()!))
            {
                Link(vocational, undergraduate);
                Link(undergraduate, vocational);
            }
        }

        foreach (var group in document.RootElement.GetProperty("disciplineGroups").EnumerateArray())
        {
            var disciplines = group.GetProperty("disciplines").EnumerateArray().Select(d => d.GetString()!).ToList();
            foreach (var name in group.GetProperty("names").EnumerateArray())
            {
                disciplineGroups[Fold(name.GetString())] = disciplines;
            }
        }
    }

    private void Link(string from, string to)
    {
        if (!crosswalk.TryGetValue(from, out var related))
        {
            crosswalk[from] = related = new HashSet<string>(StringComparer.Ordinal);
        }

        related.Add(to);
    }
}
