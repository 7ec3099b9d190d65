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

    /// <summary>How many graduate or post reads one batch has in flight at once: enough to hide a storage round
    /// trip's latency, few enough not to crowd out the requests of others.</summary>
    public const int MaxLookupsInFlight = 16;

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

        // First what each item names, then every distinct graduate and post looked up at once (a bounded number of
        // point reads in flight, not one after another: a 1,000-item batch names up to 2,000), then each item judged.
        var named = new List<(string? GraduateId, string? VacancyId, OutcomeEvent? Kind, string? At)>();
        foreach (var item in items.EnumerateArray())
        {
            var eventText = JsonFields.String(item, "event");
            OutcomeEvent? kind = Enum.TryParse<OutcomeEvent>(eventText, true, out var parsed) && !int.TryParse(eventText, out _) ? parsed : null;
            named.Add((GraduateOf(caller, tokenGraduateId, JsonFields.String(item, "graduateId"), JsonFields.String(item, "candidate")),
                JsonFields.String(item, "vacancyId"), kind, JsonFields.String(item, "at")));
        }

        var lookedUp = named.Where(n => n.Kind is not null && n.GraduateId is not null).ToList();
        var knownGraduates = await ExistAsync(lookedUp.Select(n => n.GraduateId!), async (id, ct) => await graduates.GetAsync(id, ct) is not null, cancellationToken);
        var knownVacancies = await ExistAsync(lookedUp.Where(n => knownGraduates[n.GraduateId!] && n.VacancyId is not null).Select(n => n.VacancyId!),
            async (id, ct) => await vacancies.GetAsync(id, ct) is { } v && (caller.Kind != OrganisationKind.Employer || caller.OwnsEmployer(v.EmployerCreditCode)),
            cancellationToken);

        var results = new List<OutcomeItemResult>(named.Count);
        var accepted = new List<Outcome>();
        for (var index = 0; index < named.Count; index++)
        {
            var (graduateId, vacancyId, kind, atText) = named[index];
            OutcomeItemResult? error = null;
            if (kind is null)
            {
                error = new(index, "rejected", "event.invalid", "event 应为 shown、viewed、applied、interviewed、offered、hired、rejected 或 declined");
            }
            else if (graduateId is null || !knownGraduates[graduateId])
            {
                error = new(index, "rejected", "graduate.not_found", "未找到该毕业生");
            }
            else if (vacancyId is null || !knownVacancies[vacancyId])
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
                accepted.Add(new Outcome(graduateId!, vacancyId!, kind!.Value, at));
                results.Add(new(index, "recorded"));
            }
            else
            {
                results.Add(error);
            }
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

    /// <summary>Whether each distinct id exists, at most <see cref="MaxLookupsInFlight"/> point reads at a time.</summary>
    private static async Task<Dictionary<string, bool>> ExistAsync(IEnumerable<string> ids, Func<string, CancellationToken, Task<bool>> lookup, CancellationToken cancellationToken)
    {
        var distinct = ids.Distinct(StringComparer.Ordinal).ToList();
        var found = new bool[distinct.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, distinct.Count), new ParallelOptions { MaxDegreeOfParallelism = MaxLookupsInFlight, CancellationToken = cancellationToken },
            async (i, ct) => found[i] = await lookup(distinct[i], ct));
        var exists = new Dictionary<string, bool>(distinct.Count, StringComparer.Ordinal);
        for (var i = 0; i < distinct.Count; i++)
        {
            exists[distinct[i]] = found[i];
        }

        return exists;
    }
}
