using Liuhu.Core.Access;
using Liuhu.Core.Audit;
using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Core.Problems;
using Liuhu.Core.Storage;
using Liuhu.Matching.Features;
using Liuhu.Matching.Ranking;

namespace Liuhu.Matching.Serving;

/// <param name="Candidate">An opaque handle for this graduate, different for every viewing organisation; the
/// graduate's id is never shown to an employer.</param>
public sealed record CandidateItem(
    int Rank, string Candidate, string? Name, string? Phone, string Degree, string? Major, string? University, int? GraduationYear,
    IReadOnlyList<string> Skills, float Score, IReadOnlyList<Reason> Reasons, IReadOnlyList<Reason> Gaps);

/// <summary>For an employer: the graduates who agreed to be shown to employers, best fit first, with their
/// personal data masked (张*, 138****1234). Gender and ethnicity are never shown.</summary>
public sealed class CandidateService(
    IVacancyStore vacancies, IGraduateStore graduates, MatchingState state, ICandidateViewAudit audit, CandidateHandles handles, GraduatePseudonyms pseudonyms, TimeProvider time)
{
    /// <param name="viewer">Who is looking, as authenticated: the audit names its organisation and credential,
    /// and the handles shown are sealed to its organisation.</param>
    public async Task<(string ModelVersion, IReadOnlyList<CandidateItem> Items)> RankAsync(string vacancyId, int top, Caller viewer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var vacancy = await vacancies.GetAsync(vacancyId, cancellationToken) is { } found && viewer.OwnsEmployer(found.EmployerCreditCode)
            ? found
            : throw new ProblemException(Problem.NotFound("vacancy.not_found", "未找到该岗位", $"No vacancy with id '{vacancyId}'."));
        var post = new PostProfile(vacancy, MajorCatalog.Default);
        var slot = await state.GetModelAsync(cancellationToken);
        var now = time.GetUtcNow();

        // The pool is cached like the post index; consent is checked again below on the fresh profile.
        var consenting = (await state.GetCandidatePoolAsync(cancellationToken)).Seekers;
        // The employer-side scorer over the employer-side features only: residency, 离校未就业 status, university and
        // protected attributes are not among them, so they cannot move a graduate up or down this list.
        var scorer = slot.EmployerScorer;
        // Each graduate's row is written over the parts derived once (the post's here, each graduate's with the
        // pool); the matched and missing skills the explanation needs are evaluated for the few shown.
        var postParts = post.FeatureParts;
        var scores = new float[consenting.Count];
        scorer.ScoreEach(consenting.Count, (i, row) => CandidateFeatures.Write(consenting[i].FeatureParts, postParts, row), scores);
        var ranked = Enumerable.Range(0, consenting.Count).OrderByDescending(i => scores[i]).ThenBy(i => consenting[i].GraduateId, StringComparer.Ordinal);

        var items = new List<CandidateItem>(top);
        var refs = new List<string>(top);
        foreach (var i in ranked)
        {
            if (items.Count == top)
            {
                break;
            }

            // Personal data is decrypted only for the few shown, and only to be masked. A profile erased or
            // withdrawn from sharing since the pool was built is skipped.
            if (await graduates.GetAsync(consenting[i].GraduateId, cancellationToken) is not { Consent.ShareWithEmployers: true, Consent.Matching: true } full)
            {
                continue;
            }

            var pair = CandidateFeatures.Evaluate(consenting[i], post);
            var (reasons, gaps) = Explanations.For(pair, post, scorer.Contributions([pair.Features])[0]);
            refs.Add(await pseudonyms.OfAsync(full.GraduateId, cancellationToken));
            items.Add(new CandidateItem(items.Count + 1, handles.Seal(full.GraduateId, viewer.OrganisationId), Masking.Name(full.Name), Masking.Phone(full.Phone), Degrees.Code(full.Degree),
                full.Major, full.University, full.GraduationYear, full.Skills, MathF.Round(scores[i], 4), reasons, gaps));
        }

        // Recorded before the data leaves: a view that cannot be audited is not served.
        await audit.RecordAsync(new CandidateView(vacancy.VacancyId, viewer.AuditName, refs, now), cancellationToken);
        return (scorer.Version, items);
    }
}

public static class Masking
{
    public static string? Name(string? name) =>
        string.IsNullOrEmpty(name) ? null : name[..1] + new string('*', Math.Max(1, name.Length - 1));

    public static string? Phone(string? phone) =>
        phone is { Length: 11 } ? phone[..3] + "****" + phone[7..] : phone is null ? null : "****";
}
