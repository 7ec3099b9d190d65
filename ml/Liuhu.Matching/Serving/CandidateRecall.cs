using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Matching.Features;

namespace Liuhu.Matching.Serving;

/// <summary>One group of graduates: how many were measured, the candidate stage's mean recall against brute force,
/// and how many of the group's graduates got no candidates at all.</summary>
public sealed record CandidateRecallGroup(string Dimension, string Group, int Measured, double Recall, int Graduates, int ZeroCandidates);

public sealed record CandidateRecallResult(int Limit, int Top, int Graduates, int Measured, int ZeroCandidateGraduates, IReadOnlyList<CandidateRecallGroup> Groups);

/// <summary>Whether the first stage leaves anyone out: for each graduate, the share of the posts brute-force
/// scoring of every open post ranks in its top <c>top</c> that the candidate stage (limited to <c>limit</c>)
/// returns — recall@limit — by degree level, catalogue (本科 or 高职), discipline and Mongolian-medium (蒙授)
/// major, since a gap there is a fairness failure as well as a quality one.</summary>
public static class CandidateRecall
{
    public static IReadOnlyList<(string Dimension, string Group)> GroupsOf(GraduateProfile graduate, MajorCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(graduate);
        ArgumentNullException.ThrowIfNull(catalog);
        var code = graduate.MajorCode is { Length: > 0 } given ? given : catalog.CodeOf(graduate.Major, graduate.Degree);
        var catalogue = MajorCatalog.LevelOf(code) switch
        {
            MajorLevel.Undergraduate => "本科专业",
            MajorLevel.Vocational => "高职专业",
            _ => "不在目录",
        };
        var discipline = code is null ? "不在目录" : catalog.DisciplineNameOf(MajorCatalog.Discipline(code)) ?? MajorCatalog.Discipline(code);
        return
        [
            ("degree", Degrees.ChineseName(graduate.Degree)),
            ("catalogue", catalogue),
            ("discipline", discipline),
            ("medium", catalog.IsMongolianMedium(graduate.Major) ? "蒙授" : "非蒙授"),
        ];
    }

    /// <param name="rank">Brute force: the posts in the order the second stage would rank them.</param>
    /// <param name="perGroup">Graduates measured against brute force per group (brute force is the slow part);
    /// every graduate is checked for zero candidates.</param>
    public static CandidateRecallResult Measure(
        IReadOnlyList<GraduateProfile> graduates, VacancyIndex index, MajorCatalog catalog,
        Func<SeekerProfile, IReadOnlyList<PostProfile>, IEnumerable<PostProfile>> rank, int limit = 300, int top = 10, int perGroup = 150)
    {
        ArgumentNullException.ThrowIfNull(graduates);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(rank);
        var stats = new Dictionary<(string, string), (int Measured, double Recall, int Graduates, int Zero)>();
        var zero = 0;
        var measured = 0;
        foreach (var graduate in graduates)
        {
            var groups = GroupsOf(graduate, catalog);
            var seeker = new SeekerProfile(graduate, catalog);
            var candidates = index.Candidates(seeker, limit);
            zero += candidates.Count == 0 ? 1 : 0;
            var measure = groups.Any(g => stats.GetValueOrDefault(g).Measured < perGroup);
            var recall = 0.0;
            if (measure)
            {
                var ids = candidates.Select(p => p.Vacancy.VacancyId).ToHashSet(StringComparer.Ordinal);
                var best = rank(seeker, index.Posts).Take(top).ToList();
                recall = best.Count == 0 ? 1 : best.Count(p => ids.Contains(p.Vacancy.VacancyId)) / (double)best.Count;
                measured++;
            }

            foreach (var group in groups)
            {
                var s = stats.GetValueOrDefault(group);
                stats[group] = measure
                    ? (s.Measured + 1, s.Recall + recall, s.Graduates + 1, s.Zero + (candidates.Count == 0 ? 1 : 0))
                    : (s.Measured, s.Recall, s.Graduates + 1, s.Zero + (candidates.Count == 0 ? 1 : 0));
            }
        }

        var rows = stats.Select(p => new CandidateRecallGroup(p.Key.Item1, p.Key.Item2, p.Value.Measured, p.Value.Measured == 0 ? double.NaN : p.Value.Recall / p.Value.Measured, p.Value.Graduates, p.Value.Zero))
            .OrderBy(r => r.Dimension switch { "degree" => 0, "catalogue" => 1, "discipline" => 2, _ => 3 }).ThenByDescending(r => r.Graduates).ThenBy(r => r.Group, StringComparer.Ordinal)
            .ToList();
        return new CandidateRecallResult(limit, top, graduates.Count, measured, zero, rows);
    }
}
