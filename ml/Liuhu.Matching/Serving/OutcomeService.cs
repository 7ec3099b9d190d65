using System.Globalization;
using System.Text.Json;
using Liuhu.Core.Access;
using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Core.Outcomes;
using Liuhu.Core.Problems;
using Liuhu.Core.Storage;

namespace Liuhu.Matching.Serving;

public sealed record OutcomeItemResult(int Index, string Status, string? Code = null, string? Message = null);

/// <summary>Takes a batch of outcome events. Each item is judged alone: an unknown graduate or post, or one
/// outside the caller's scope, is reported for that item (alike, so a refusal reveals nothing) and the rest are
/// stored. Scope: an employer reports on its own posts and names graduates by the candidate handle it was shown;
/// a university reports on its own graduates; the public site on the graduate its token names; the bureau on any.</summary>
public sealed class OutcomeService(IOutcomeStore outcomes, IGraduateStore graduates, IVacancyStore vacancies, CandidateHandles handles, TimeProvider time)
{
    public const int MaxBatch = 1_000;

    public async Task<IReadOnlyList<OutcomeItemResult>> RecordAsync(Caller caller, string? tokenGraduateId, JsonElement body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var items = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("items", out var wrapped) ? wrapped : body;
        if (items.ValueKind != JsonValueKind.Array)
        {
            throw new ProblemException(Problem.BadRequest("json.invalid", "请求体应为结果事件数组", "The body must be an array of {graduateId, vacancyId, event, at}."));
        }

        if (items.GetArrayLength() > MaxBatch)
        {
            throw new ProblemException(new Problem(413, "outcomes.too_many", $"单次最多提交 {MaxBatch} 条结果事件", $"At most {MaxBatch} events per request."));
        }

        var results = new List<OutcomeItemResult>();
        var accepted = new List<Outcome>();
        var knownGraduates = new Dictionary<string, bool>(StringComparer.Ordinal);
        var knownVacancies = new Dictionary<string, bool>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            var graduateId = GraduateOf(caller, tokenGraduateId, JsonFields.String(item, "graduateId"), JsonFields.String(item, "candidate"));
            var vacancyId = JsonFields.String(item, "vacancyId");
            var eventText = JsonFields.String(item, "event");
            var atText = JsonFields.String(item, "at");
            OutcomeItemResult? error = null;
            if (!Enum.TryParse<OutcomeEvent>(eventText, true, out var kind) || int.TryParse(eventText, out _))
            {
                error = new(index, "rejected", "event.invalid", "event 应为 shown、viewed、applied、interviewed、offered、hired、rejected 或 declined");
            }
            else if (graduateId is null || !await ExistsAsync(knownGraduates, graduateId, async id => await graduates.GetAsync(id, cancellationToken) is not null))
            {
                error = new(index, "rejected", "graduate.not_found", "未找到该毕业生");
            }
            else if (vacancyId is null || !await ExistsAsync(knownVacancies, vacancyId, async id =>
                         await vacancies.GetAsync(id, cancellationToken) is { } v && (caller.Kind != OrganisationKind.Employer || caller.OwnsEmployer(v.EmployerCreditCode))))
            {
                error = new(index, "rejected", "vacancy.not_found", "未找到该岗位");
            }

            var at = time.GetUtcNow();
            if (error is null && atText is not null && !DateTimeOffset.TryParse(atText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at))
            {
                error = new(index, "rejected", "at.invalid", "at 应为 ISO 8601 时间，如 2024-05-01T09:30:00+08:00");
            }

            if (error is null)
            {
                accepted.Add(new Outcome(graduateId!, vacancyId!, kind, at));
                results.Add(new(index, "recorded"));
            }
            else
            {
                results.Add(error);
            }

            index++;
        }

        await outcomes.RecordAsync(accepted, cancellationToken);
        return results;
    }

    /// <summary>The graduate an item may name for this caller; null (reported as not found) when out of scope.</summary>
    private string? GraduateOf(Caller caller, string? tokenGraduateId, string? graduateId, string? candidate) => caller.Kind switch
    {
        OrganisationKind.Employer => handles.Open(candidate, caller.OrganisationId),
        OrganisationKind.University => graduateId is not null && caller.OwnsUniversity(GraduateIds.UniversityOf(graduateId)) ? graduateId : null,
        OrganisationKind.Site => graduateId is not null && graduateId == tokenGraduateId ? graduateId : null,
        OrganisationKind.Bureau => graduateId ?? handles.Open(candidate, caller.OrganisationId),
        _ => null,
    };

    private static async Task<bool> ExistsAsync(Dictionary<string, bool> cache, string id, Func<string, Task<bool>> lookup)
    {
        if (!cache.TryGetValue(id, out var exists))
        {
            cache[id] = exists = await lookup(id);
        }

        return exists;
    }
}
