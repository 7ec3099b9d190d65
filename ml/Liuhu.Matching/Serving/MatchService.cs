using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Core.Policies;
using Liuhu.Core.Problems;
using Liuhu.Core.Telemetry;
using Liuhu.Matching.Features;
using Liuhu.Matching.Ranking;
using Microsoft.Extensions.Options;

namespace Liuhu.Matching.Serving;

public sealed record MatchRequest(int Top, string? Cluster, string? District, bool Personalized)
{
    public PostKind? Kind { get; init; }

    public EmployerTag? EmployerTag { get; init; }

    /// <summary>Whether the request narrows the posts at all (then a short candidate list is widened to every post it allows).</summary>
    public bool Filters => Cluster is not null || District is not null || Kind is not null || EmployerTag is not null;

    public bool Allows(Vacancy post) =>
        (Cluster is null || post.Cluster == Cluster) && (District is null || post.District == District)
        && (Kind is null || post.PostKind == Kind) && (EmployerTag is not { } tag || post.EmployerTags.Contains(tag));
}

public sealed partial record MatchItem(
    string VacancyId, int Rank, float Score, string Title, string EmployerName, string? Cluster, string? District,
    int? SalaryMin, int? SalaryMax, int Headcount, IReadOnlyList<Reason> Reasons, IReadOnlyList<Reason> Gaps);

/// <param name="RequestId">Names this response in the impression log: outcomes reported for its posts are joined
/// to the positions it showed them at.</param>
public sealed record MatchResult(string GraduateId, string ModelVersion, IReadOnlyList<MatchItem> Items, string? RequestId = null)
{
    public MatchResult WithoutContacts() => this with { Items = [.. Items.Select(i => i.WithoutContacts())] };
}

/// <summary>The best posts for a graduate: candidates from the index, re-ranked by the promoted model (or the
/// heuristic), explained in Chinese.</summary>
public sealed class MatchService(IGraduateStore graduates, MatchingState state, ImpressionLog impressions, PolicyService policies, TimeProvider time, IOptions<MatchingOptions> options, LiuhuMetrics metrics)
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

        return await MatchAsync(graduate, request, logImpression: true, cancellationToken);
    }

    /// <summary>Matches a profile posted for this answer only: no impression is logged, as the profile is no one
    /// on record (and every anonymous caller would otherwise share one hot partition of the log).</summary>
    public Task<MatchResult> MatchAsync(GraduateProfile graduate, MatchRequest request, CancellationToken cancellationToken) =>
        MatchAsync(graduate, request, logImpression: false, cancellationToken);

    private async Task<MatchResult> MatchAsync(GraduateProfile graduate, MatchRequest request, bool logImpression, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graduate);
        ArgumentNullException.ThrowIfNull(request);
        var modelTask = state.GetModelAsync(cancellationToken);
        var inForce = await policies.InForceAsync(cancellationToken);
        var facts = GraduateFacts.From(graduate, policies.Today);
        var index = await state.GetIndexAsync(cancellationToken);
        bool Wanted(PostProfile p) => request.Allows(p.Vacancy);

        if (!request.Personalized)
        {
            // The opt-out the rules on algorithmic recommendation require: newest posts first, nothing of the profile used.
            var items = index.Posts.Where(Wanted)
                .OrderByDescending(p => p.Vacancy.FirstSeenAt).ThenByDescending(p => p.Vacancy.Headcount).ThenBy(p => p.Vacancy.VacancyId, StringComparer.Ordinal)
                .Take(request.Top)
                .Select((p, i) => Item(p, i + 1, 0, [], []).WithPostDetails(p.Vacancy, facts, inForce))
                .ToList();
            var plainId = logImpression ? Log(graduate.GraduateId, NonPersonalizedVersion, index.Posts.Count, items) : null;
            return new MatchResult(graduate.GraduateId, NonPersonalizedVersion, items, plainId);
        }

        var seeker = new SeekerProfile(graduate, MajorCatalog.Default);
        var candidates = index.Candidates(seeker, options.Value.CandidateLimit).Where(Wanted).ToList();
        if (candidates.Count < request.Top && request.Filters)
        {
            // A narrow filter can leave the index's candidates short: then score every post the filter allows.
            candidates = index.Posts.Where(Wanted).ToList();
        }

        var slot = await modelTask;
        var started = time.GetTimestamp();
        // Exploration draws from the posts ranked just below the list, so it needs that many more of the ranking.
        var ranks = options.Value.ExplorationSlots > 0 ? request.Top + options.Value.ExplorationPool : request.Top;
        var ranked = Ranker.Top(seeker, candidates, slot.Scorer, time.GetUtcNow(), ranks, options.Value.ExposurePenalty, options.Value.ExposureThreshold);
        var explored = Exploration.Apply(ranked, request.Top, options.Value.ExplorationSlots, options.Value.ExplorationDepth, options.Value.ExplorationPool, Random.Shared);
        var shown = explored.Select(s => s.Ranked).ToList();
        var contributions = slot.Scorer.Contributions(shown.Select(r => r.Pair.Features).ToList());
        var result = shown.Select((r, i) =>
        {
            var (reasons, gaps) = Explanations.For(r.Pair, r.Post, contributions[i]);
            return Item(r.Post, i + 1, r.Score, reasons, gaps).WithPostDetails(r.Post.Vacancy, facts, inForce);
        }).ToList();
        metrics.MatchLatency.Record(time.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("model", slot.Version));
        var requestId = logImpression ? Log(graduate.GraduateId, slot.Version, candidates.Count, result, [.. explored.Select(s => s.Propensity)]) : null;
        return new MatchResult(graduate.GraduateId, slot.Version, result, requestId);
    }

    /// <summary>Queued for the impression log (written in the background, so that every position a graduate saw
    /// can be joined to outcomes without the response waiting on a table write).</summary>
    private string Log(string graduateId, string version, int candidateSetSize, IReadOnlyList<MatchItem> items, IReadOnlyList<double>? propensities = null)
    {
        var now = time.GetUtcNow();
        var requestId = Guid.CreateVersion7(now).ToString("N");
        impressions.Enqueue(graduateId, requestId, version, now, candidateSetSize, items.Select(i => i.VacancyId).ToList(), propensities);
        return requestId;
    }

    private static MatchItem Item(PostProfile p, int rank, float score, IReadOnlyList<Reason> reasons, IReadOnlyList<Reason> gaps)
    {
        var v = p.Vacancy;
        return new MatchItem(v.VacancyId, rank, MathF.Round(score, 4), v.Title, v.EmployerName, v.Cluster, v.District,
            v.Salary.MonthlyMin, v.Salary.MonthlyMax, v.Headcount, reasons, gaps);
    }
}
