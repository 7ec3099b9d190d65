using System.Text.Json;
using Liuhu.Core.Domain;

namespace Liuhu.Matching.Features;

/// <summary>One canonical skill: its id (folded Chinese or English name), names and the broader skills it implies.</summary>
public sealed record Skill(string Id, string Chinese, string English, IReadOnlyList<string> Aliases, IReadOnlyList<string> Parents);

/// <summary>The skill taxonomy (skills.json): canonical skills with Chinese and English names and aliases, the
/// broader skills each implies, and pairs that look alike as text but are different skills (Java ≠ JavaScript,
/// SQL ≠ NoSQL, 药学 ≠ 中药学). Loaded once. Its surface forms are also the dictionary of the longest-match
/// segmenter that finds skills in titles, descriptions and long skill phrases.</summary>
public sealed class SkillTaxonomy
{
    private static readonly string[] Prefixes = ["熟练掌握", "熟练使用", "熟练运用", "能熟练", "熟练", "熟悉", "掌握", "精通", "了解", "具备", "具有", "持有", "会"];
    private static readonly string[] Suffixes = ["者优先", "优先", "证书", "能力", "经验", "技能", "基础", "知识"];

    private readonly Dictionary<string, Skill> byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> idByForm = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> ancestors = new(StringComparer.Ordinal);
    private readonly HashSet<(string, string)> neverEqual = [];
    private readonly Dictionary<string, List<string>> neverEqualWith = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> indexById = new(StringComparer.Ordinal);
    private readonly List<int[]> ancestorIndexes = [];
    private int longestForm;

    private SkillTaxonomy()
    {
    }

    public static SkillTaxonomy Default { get; } = Load();

    public string Source { get; private set; } = string.Empty;

    public string Version { get; private set; } = string.Empty;

    public IReadOnlyCollection<Skill> All => byId.Values;

    public IEnumerable<(string A, string B)> NeverEqualPairs => neverEqual.Where(p => string.CompareOrdinal(p.Item1, p.Item2) < 0);

    public Skill? Find(string id) => byId.GetValueOrDefault(id);

    public bool Contains(string id) => byId.ContainsKey(id);

    /// <summary>The skill a text names exactly (after dropping 熟悉…/…证书-style wrapping), or null.</summary>
    public Skill? Resolve(string? text)
    {
        var form = Form(text);
        if (idByForm.TryGetValue(form, out var id))
        {
            return byId[id];
        }

        foreach (var prefix in Prefixes.Where(p => form.Length > p.Length && form.StartsWith(p, StringComparison.Ordinal)).Take(1))
        {
            form = form[prefix.Length..];
        }

        foreach (var suffix in Suffixes.Where(s => form.Length > s.Length && form.EndsWith(s, StringComparison.Ordinal)).Take(1))
        {
            form = form[..^suffix.Length];
        }

        return idByForm.TryGetValue(form, out id) ? byId[id] : null;
    }

    /// <summary>The skills a text mentions, by longest match over every name and alias, in order of appearance.
    /// A Latin form must stand as a word: the "java" inside "javascript" is not Java.</summary>
    public IReadOnlyList<string> Segment(string? text)
    {
        var folded = Form(text);
        var found = new List<string>();
        var i = 0;
        while (i < folded.Length)
        {
            var matched = 0;
            for (var length = Math.Min(longestForm, folded.Length - i); length > 0; length--)
            {
                if (idByForm.TryGetValue(folded.Substring(i, length), out var id) && StandsAlone(folded, i, length))
                {
                    if (!found.Contains(id))
                    {
                        found.Add(id);
                    }

                    matched = length;
                    break;
                }
            }

            i += Math.Max(1, matched);
        }

        return found;
    }

    /// <summary>The skill itself and every broader skill it implies.</summary>
    public IReadOnlySet<string> SelfAndAncestors(string id) =>
        ancestors.TryGetValue(id, out var set) ? set : new HashSet<string>(StringComparer.Ordinal) { id };

    public bool AreNeverEqual(string a, string b) => neverEqual.Contains((a, b));

    /// <summary>The forms never equal to <paramref name="form"/> (usually none), for checks made once per
    /// graduate rather than once per pair.</summary>
    public IReadOnlyList<string> NeverEqualWith(string form) => neverEqualWith.TryGetValue(form, out var list) ? list : [];

    /// <summary>A dense number for a skill of the taxonomy (0 to <see cref="All"/>.Count − 1), or −1 for an id it
    /// does not know: lets a graduate's covered skills be a table read per post skill instead of a set lookup.</summary>
    public int IndexOf(string id) => indexById.TryGetValue(id, out var index) ? index : -1;

    /// <summary><see cref="SelfAndAncestors"/> as the numbers of <see cref="IndexOf"/>.</summary>
    public IReadOnlyList<int> SelfAndAncestorIndexes(int index) => ancestorIndexes[index];

    /// <summary>Whether a graduate's skill meets a post's, when the taxonomy can say: the same skill or one that
    /// implies it (西门子PLC meets PLC编程, not the reverse) when both are in it; never for a never-equal pair.
    /// Null when a side is not in the taxonomy and only text can tell.</summary>
    public bool? Decides(string graduateSkill, string postSkill)
    {
        ArgumentNullException.ThrowIfNull(graduateSkill);
        ArgumentNullException.ThrowIfNull(postSkill);
        if (graduateSkill == postSkill)
        {
            return true;
        }

        if (byId.ContainsKey(graduateSkill) && byId.ContainsKey(postSkill))
        {
            return SelfAndAncestors(graduateSkill).Contains(postSkill);
        }

        return AreNeverEqual(graduateSkill, postSkill) ? false : null;
    }

    /// <summary>Folded for lookup: NFKC, no whitespace, lower case.</summary>
    public static string Form(string? text) => TextNormalizer.FoldWithoutWhitespace(text).ToLowerInvariant();

    private static bool StandsAlone(string text, int start, int length)
    {
        static bool Latin(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
        return !(Latin(text[start]) && start > 0 && Latin(text[start - 1]))
            && !(Latin(text[start + length - 1]) && start + length < text.Length && Latin(text[start + length]));
    }

    private static SkillTaxonomy Load()
    {
        using var stream = typeof(SkillTaxonomy).Assembly.GetManifestResourceStream("Liuhu.Matching.skills.json")
            ?? throw new InvalidOperationException("The skill taxonomy resource is missing.");
        using var document = JsonDocument.Parse(stream);
        var root = document.RootElement;
        var taxonomy = new SkillTaxonomy { Source = root.GetProperty("source").GetString()!, Version = root.GetProperty("version").GetString()! };
        foreach (var entry in root.GetProperty("skills").EnumerateArray())
        {
            static IReadOnlyList<string> List(JsonElement e, string name) =>
                e.TryGetProperty(name, out var list) ? list.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
            var skill = new Skill(entry.GetProperty("id").GetString()!, entry.GetProperty("zh").GetString()!, entry.GetProperty("en").GetString()!, List(entry, "aliases"), List(entry, "parents"));
            taxonomy.byId.Add(skill.Id, skill);
            foreach (var form in skill.Aliases.Prepend(skill.English).Prepend(skill.Chinese).Prepend(skill.Id).Select(Form))
            {
                if (taxonomy.idByForm.TryGetValue(form, out var other) && other != skill.Id)
                {
                    throw new InvalidOperationException($"Skill form '{form}' names both {other} and {skill.Id}.");
                }

                taxonomy.idByForm[form] = skill.Id;
                taxonomy.longestForm = Math.Max(taxonomy.longestForm, form.Length);
            }
        }

        foreach (var id in taxonomy.byId.Keys)
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>([id]);
            while (pending.TryPop(out var next))
            {
                if (set.Add(next))
                {
                    foreach (var parent in taxonomy.byId.TryGetValue(next, out var s) ? s.Parents : throw new InvalidOperationException($"Unknown parent skill '{next}'."))
                    {
                        pending.Push(parent);
                    }
                }
            }

            taxonomy.ancestors[id] = set;
        }

        foreach (var id in taxonomy.byId.Keys)
        {
            taxonomy.indexById[id] = taxonomy.indexById.Count;
        }

        foreach (var id in taxonomy.byId.Keys)
        {
            taxonomy.ancestorIndexes.Add([.. taxonomy.ancestors[id].Select(a => taxonomy.indexById[a])]);
        }

        void Partner(string form, string other)
        {
            if (!taxonomy.neverEqualWith.TryGetValue(form, out var list))
            {
                taxonomy.neverEqualWith[form] = list = [];
            }

            list.Add(other);
        }

        foreach (var pair in root.GetProperty("neverEqual").EnumerateArray())
        {
            var a = Form(pair[0].GetString());
            var b = Form(pair[1].GetString());
            if (taxonomy.neverEqual.Add((a, b)))
            {
                Partner(a, b);
            }

            if (taxonomy.neverEqual.Add((b, a)))
            {
                Partner(b, a);
            }
        }

        return taxonomy;
    }
}
