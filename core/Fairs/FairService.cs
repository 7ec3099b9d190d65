using System.Globalization;
using System.Text.Json;
using Liuhu.Core.Access;
using Liuhu.Core.Domain;
using Liuhu.Core.Outcomes;
using Liuhu.Core.Problems;
using Liuhu.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Liuhu.Core.Fairs;

/// <summary>A page of fairs with the counts of each, for the calendar and the report.</summary>
public sealed record FairPage(IReadOnlyList<(Fair Fair, FairCounts Counts)> Items, int? NextOffset);

/// <summary>Job fairs (招聘会): a district office creates, changes and cancels its own district's, the bureau any;
/// posts are linked by their owner or the fair's organiser; the public reads the calendar and each fair's counts.
/// Another office's fair answers as not found to every change, whatever the request says.</summary>
public sealed class FairService(
    TableFairStore fairs,
    TableVacancyStore vacancyTable,
    IVacancyStore vacancies,
    IOutcomeStore outcomes,
    TimeProvider time,
    IOptions<FairOptions> options,
    ILogger<FairService> logger)
{
    public const int MaxNameLength = 100;
    public const int MaxPlaceLength = 200;

    /// <summary>A fair runs for a day or a week; a month allows for a long online one.</summary>
    public const int MaxDurationDays = 31;

    private readonly SemaphoreSlim countsGate = new(1, 1);
    private (DateTimeOffset At, IReadOnlyDictionary<string, FairCounts> Counts)? counted;

    public async Task<Fair> CreateAsync(Caller caller, JsonElement body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var input = FairInput.Parse(body, requireAll: true);
        var district = input.District ?? (caller.Kind == OrganisationKind.District ? caller.Tenant : null);
        if (caller.Kind == OrganisationKind.District && district != caller.Tenant)
        {
            throw new ProblemException(new Problem(403, "fair.district_not_yours", "旗县区只能创建本旗县区主办的招聘会",
                $"A district office creates fairs of its own district ({caller.Tenant}) only."));
        }

        var now = time.GetUtcNow();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var fair = input.ApplyTo(new Fair
            {
                FairId = FairIds.New(input.StartsOn!.Value),
                Name = string.Empty,
                Kind = FairKind.Special,
                StartsOn = input.StartsOn.Value,
                EndsOn = input.StartsOn.Value,
                District = district,
                OrganiserId = caller.OrganisationId,
                CreatedAt = now,
                UpdatedAt = now,
            });
            if (await fairs.AddAsync(fair, cancellationToken))
            {
                logger.LogInformation("Fair {FairId} created by {OrganisationId}", fair.FairId, caller.OrganisationId);
                counted = null;
                return fair;
            }
        }

        throw new InvalidOperationException("Five random fair ids in a row were taken.");
    }

    public async Task<Fair> UpdateAsync(Caller caller, string fairId, JsonElement body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var (current, etag) = await OwnedAsync(caller, fairId, cancellationToken);
        var input = FairInput.Parse(body, requireAll: false);
        if (input.IsEmpty)
        {
            throw Invalid("body", "请求体未包含要修改的字段（name、kind、startsOn、endsOn、place、online、district）", "The body changes nothing; give at least one field.");
        }

        if (input.District is not null && input.District != current.District && !caller.IsBureau)
        {
            throw new ProblemException(new Problem(403, "fair.district_not_yours", "旗县区不能把招聘会改为其他旗县区主办",
                "Only the bureau moves a fair to another district."));
        }

        if (current.Status == FairStatus.Cancelled)
        {
            throw new ProblemException(new Problem(409, "fair.cancelled", "招聘会已取消，不能修改", "The fair is cancelled; it cannot be changed."));
        }

        var updated = input.ApplyTo(current) with { UpdatedAt = time.GetUtcNow() };
        FairInput.CheckDates(updated.StartsOn, updated.EndsOn);
        if (!await fairs.ReplaceAsync(updated, etag, cancellationToken))
        {
            throw Conflict();
        }

        return updated;
    }

    /// <summary>Cancels the fair: it stays on record (posts linked before keep their link and count), shown as
    /// cancelled, and takes no new links. Cancelling twice is the same as once.</summary>
    public async Task<Fair> CancelAsync(Caller caller, string fairId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var (current, etag) = await OwnedAsync(caller, fairId, cancellationToken);
        if (current.Status == FairStatus.Cancelled)
        {
            return current;
        }

        var cancelled = current with { Status = FairStatus.Cancelled, UpdatedAt = time.GetUtcNow() };
        if (!await fairs.ReplaceAsync(cancelled, etag, cancellationToken))
        {
            throw Conflict();
        }

        logger.LogInformation("Fair {FairId} cancelled by {OrganisationId}", current.FairId, caller.OrganisationId);
        return cancelled;
    }

    public async Task<(Fair Fair, FairCounts Counts)> GetAsync(string fairId, CancellationToken cancellationToken)
    {
        var (fair, _) = await fairs.GetAsync(fairId, cancellationToken) ?? throw NotFound(fairId);
        var counts = await CountsAsync(cancellationToken);
        return (fair, counts.GetValueOrDefault(fair.FairId, FairCounts.None));
    }

    /// <summary>Links a post to a fair, or unlinks it. The post's owner (its employer, its district office) or the
    /// fair's organiser (its district office) may; the bureau may always. A post or fair the caller may not act on
    /// answers as not found. Linking twice, or unlinking a post not linked, changes nothing.</summary>
    public async Task<Vacancy> LinkAsync(Caller caller, string fairId, string vacancyId, bool link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var (fair, _) = await fairs.GetAsync(fairId, cancellationToken) ?? throw NotFound(fairId);
        var post = await vacancies.GetAsync(vacancyId, cancellationToken);
        if (post is null || !(caller.OwnsPost(post) || Organises(caller, fair)))
        {
            throw new ProblemException(Problem.NotFound("vacancy.not_found", "未找到该岗位", $"No vacancy with id '{vacancyId}'."));
        }

        if (link && fair.Status == FairStatus.Cancelled && !post.FairIds.Contains(fair.FairId))
        {
            throw new ProblemException(new Problem(409, "fair.cancelled", "招聘会已取消，不能再关联岗位", "The fair is cancelled; no posts can be linked to it."));
        }

        var updated = await vacancyTable.SetFairLinkAsync(post.VacancyId, fair.FairId, link, time.GetUtcNow(), cancellationToken)
            ?? throw new ProblemException(Problem.NotFound("vacancy.not_found", "未找到该岗位", $"No vacancy with id '{vacancyId}'."));
        counted = null;
        return updated;
    }

    /// <summary>Fairs overlapping [<paramref name="from"/>, <paramref name="to"/>] in date order, optionally of one
    /// district and kind, with their counts; <paramref name="scope"/> limits them to one organiser district (the
    /// report a district office reads).</summary>
    public async Task<FairPage> ListAsync(DateOnly? from, DateOnly? to, string? district, FairKind? kind, int offset, int pageSize, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().ToOffset(Catalogues.Period.Beijing).DateTime);
        var start = from ?? today;
        var end = to ?? start.AddDays(options.Value.MaxWindowDays - 1);
        if (end < start || end.DayNumber - start.DayNumber >= options.Value.MaxWindowDays)
        {
            throw Invalid("to", $"日期范围须在 {options.Value.MaxWindowDays} 天以内，且 to 不早于 from",
                $"from..to must be a window of at most {options.Value.MaxWindowDays} days, with to not before from.");
        }

        var found = await fairs.ListAsync(start, end, district, options.Value.MaxFairsPerWindow, cancellationToken);
        if (found.Count > options.Value.MaxFairsPerWindow)
        {
            throw Invalid("to", "该日期范围内的招聘会过多，请缩小范围", $"More than {options.Value.MaxFairsPerWindow} fairs in the window; ask for a narrower one.");
        }

        var ordered = found.Where(f => kind is null || f.Kind == kind)
            .OrderBy(f => f.StartsOn).ThenBy(f => f.FairId, StringComparer.Ordinal).ToList();
        var counts = await CountsAsync(cancellationToken);
        var items = ordered.Skip(offset).Take(pageSize).Select(f => (f, counts.GetValueOrDefault(f.FairId, FairCounts.None))).ToList();
        return new FairPage(items, offset + pageSize < ordered.Count ? offset + pageSize : null);
    }

    /// <summary>Per-fair counts (posts, headcount, applications, hires) for every fair with a linked post. Read from
    /// the linked posts and the outcomes on record, reused for <see cref="FairOptions.CountsFor"/>; the programme's
    /// activity indicators take fairs held and their counts from here.</summary>
    public async Task<IReadOnlyDictionary<string, FairCounts>> CountsAsync(CancellationToken cancellationToken)
    {
        if (counted is { } fresh && time.GetUtcNow() - fresh.At < options.Value.CountsFor)
        {
            return fresh.Counts;
        }

        await countsGate.WaitAsync(cancellationToken);
        try
        {
            if (counted is { } again && time.GetUtcNow() - again.At < options.Value.CountsFor)
            {
                return again.Counts;
            }

            var at = time.GetUtcNow();
            var result = await ComputeCountsAsync(cancellationToken);
            counted = (at, result);
            return result;
        }
        finally
        {
            countsGate.Release();
        }
    }

    private async Task<IReadOnlyDictionary<string, FairCounts>> ComputeCountsAsync(CancellationToken cancellationToken)
    {
        var linked = new Dictionary<string, FairLinkedPost>(StringComparer.Ordinal);
        await foreach (var post in vacancyTable.ReadFairLinkedAsync(cancellationToken))
        {
            if (post.FairIds.Count > 0)
            {
                linked[post.VacancyId] = post;
            }
        }

        // Only outcomes of linked posts are kept, as (graduate, post) pairs, so memory follows the fairs' posts.
        var applied = new HashSet<(string Graduate, string Vacancy)>();
        var hired = new HashSet<(string Graduate, string Vacancy)>();
        if (linked.Count > 0)
        {
            await foreach (var outcome in outcomes.ReadAllAsync(cancellationToken))
            {
                if (!linked.ContainsKey(outcome.VacancyId))
                {
                    continue;
                }

                if (Outcome.CountsAsApplication(outcome.Event))
                {
                    applied.Add((outcome.GraduateId, outcome.VacancyId));
                }

                if (outcome.Event == OutcomeEvent.Hired)
                {
                    hired.Add((outcome.GraduateId, outcome.VacancyId));
                }
            }
        }

        var appliedPerPost = applied.GroupBy(p => p.Vacancy).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var hiredPerPost = hired.GroupBy(p => p.Vacancy).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var counts = new Dictionary<string, FairCounts>(StringComparer.Ordinal);
        foreach (var post in linked.Values)
        {
            foreach (var fairId in post.FairIds.Distinct(StringComparer.Ordinal))
            {
                var c = counts.GetValueOrDefault(fairId, FairCounts.None);
                counts[fairId] = new FairCounts(c.Posts + 1, c.Headcount + post.Headcount,
                    c.Applications + appliedPerPost.GetValueOrDefault(post.VacancyId), c.Hires + hiredPerPost.GetValueOrDefault(post.VacancyId));
            }
        }

        return counts;
    }

    /// <summary>Whether the caller organises the fair: the bureau always, a district office its district's.</summary>
    public static bool Organises(Caller caller, Fair fair)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(fair);
        return caller.IsBureau || (caller.Kind == OrganisationKind.District && fair.District is not null && string.Equals(caller.Tenant, fair.District, StringComparison.Ordinal));
    }

    private async Task<(Fair Fair, Azure.ETag ETag)> OwnedAsync(Caller caller, string fairId, CancellationToken cancellationToken) =>
        await fairs.GetAsync(fairId, cancellationToken) is { } found && Organises(caller, found.Fair) ? found : throw NotFound(fairId);

    public static ProblemException NotFound(string fairId) =>
        new(Problem.NotFound("fair.not_found", "未找到该招聘会", $"No fair with id '{fairId}'."));

    private static ProblemException Conflict() =>
        new(new Problem(409, "fair.changed", "招聘会刚被他人修改，请刷新后重试", "The fair was changed by another request meanwhile; read it again and retry."));

    internal static ProblemException Invalid(string field, string title, string detail) =>
        new(Problem.BadRequest("fair.invalid", title, detail) with { Errors = [new RowIssue(null, field, "fair.invalid", title)] });
}
