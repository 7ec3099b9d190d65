using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Core.Policies;
using Liuhu.Core.Problems;
using Liuhu.Core.Telemetry;
using Liuhu.Matching.Features;
using Liuhu.Matching.Ranking;
using Microsoft.Extensions.Options;

namespace Liuhu.Matching.Serving;

public sealed record MatchRequest(int Top, string? Cluster, string? District, bool Personalized);

public sealed partial record MatchItem(
    string VacancyId, int Rank, float Score, string Title, string EmployerName, string? Cluster, string? District,
    int? SalaryMin, int? SalaryMax, int Headcount, IReadOnlyList<Reason> Reasons, IReadOnlyList<Reason> Gaps);

public sealed record MatchResult(string GraduateId, string ModelVersion, IReadOnlyList<MatchItem> Items);

/// <summary>The best posts for a graduate: candidates from the index, re-ranked by the promoted model (or the
/// heuristic), explained in Chinese.</summary>
public sealed class MatchService(IGraduateStore graduates, MatchingState state, PolicyService policies, TimeProvider time, IOptions<MatchingOptions> options, LiuhuMetrics metrics)
{
    public const string NonPersonalizedVersion = "non-personalized";

    public async Task<MatchResult> MatchStoredAsync(string graduateId, MatchRequest request, CancellationToken cancellationToken)
    {
        var graduate = await graduates.GetAsync(graduateId, cancellationToken)
            ?? throw new ProblemException(Problem.NotFound("graduate.not_found", "未找到该毕业生", $"No graduate with id '{graduateId}'."));
        if (!graduate.Consent.Matching)
        {
            throw new ProblemException(new Problem(403, "consent.matching_required", "该毕业生未同意岗位匹配，无法推荐岗位",
                "The graduate has not consented to matching; update the profile's consent.matching to use this endpoint."));
        }

        return await MatchAsync(graduate, request, cancellationToken);
    }

    public async Task<MatchResult> MatchAsync(GraduateProfile graduate, MatchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graduate);
        ArgumentNullException.ThrowIfNull(request);
        var modelTask = state.GetModelAsync(cancellationToken);
        var inForce = await policies.InForceAsync(cancellationToken);
        var facts = GraduateFacts.From(graduate, policies.Today);
        var index = await state.GetIndexAsync(cancellationToken);
        bool Wanted(PostProfile p) => (request.Cluster is null || p.Vacancy.Cluster == request.Cluster) && (request.District is null || p.Vacancy.District == request.District);

        if (!request.Personalized)
        {
            // The opt-out the rules on algorithmic recommendation require: newest posts first, nothing of the profile used.
            var items = index.Posts.Where(Wanted)
                .OrderByDescending(p => p.Vacancy.FirstSeenAt).ThenByDescending(p => p.Vacancy.Headcount).ThenBy(p => p.Vacancy.VacancyId, StringComparer.Ordinal)
                .Take(request.Top)
                .Select((p, i) => Item(p, i + 1, 0, [], []).WithPostDetails(p.Vacancy, facts, inForce))
                .ToList();
            return new MatchResult(graduate.GraduateId, NonPersonalizedVersion, items);
        }

        var seeker = new SeekerProfile(graduate, MajorCatalog.Default);
        var candidates = index.Candidates(seeker, options.Value.CandidateLimit).Where(Wanted).ToList();
        if (candidates.Count < request.Top && (request.Cluster is not null || request.District is not null))
        {
            // A narrow filter can leave the index's candidates short: then score every post the filter allows.
            candidates = index.Posts.Where(Wanted).ToList();
        }

        var slot = await modelTask;
        var started = time.GetTimestamp();
        var ranked = Ranker.Rank(seeker, candidates, slot.Model, time.GetUtcNow(), options.Value.ExposurePenalty, options.Value.ExposureThreshold);
        var result = ranked.Take(request.Top).Select((r, i) =>
        {
            var (reasons, gaps) = Explanations.For(r.Pair, r.Post);
            return Item(r.Post, i + 1, r.Score, reasons, gaps).WithPostDetails(r.Post.Vacancy, facts, inForce);
        }).ToList();
        metrics.MatchLatency.Record(time.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("model", slot.Version));
        return new MatchResult(graduate.GraduateId, slot.Version, result);
    }

    private static MatchItem Item(PostProfile p, int rank, float score, IReadOnlyList<Reason> reasons, IReadOnlyList<Reason> gaps)
    {
        var v = p.Vacancy;
        return new MatchItem(v.VacancyId, rank, MathF.Round(score, 4), v.Title, v.EmployerName, v.Cluster, v.District,
            v.Salary.MonthlyMin, v.Salary.MonthlyMax, v.Headcount, reasons, gaps);
    }
}
