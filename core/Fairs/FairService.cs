using System.Globalization;
using System.Text.Json;
using Liuhu.Core.Access;
using Liuhu.Core.Domain;
using Liuhu.Core.Outcomes;
using Liuhu.Core.Problems;
using Liuhu.Core.Programme;
using Liuhu.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Liuhu.Core.Fairs;

/// <summary>A page of fairs with the counts of each, for the calendar and the report.</summary>
public sealed record FairPage(IReadOnlyList<(Fair Fair, FairCounts Counts)> Items, int? NextOffset);

/// <summary>Job fairs (招聘会): a district office creates, changes and cancels its own district's, the bureau any;
/// posts are linked by their owner or the fair's organiser; the public reads the calendar and each fair's counts.
/// Another office's fair answers as not found to every change, whatever the request says. Every change sends a
/// progress notice: the programme's fair indicators count fairs held and the posts and hires linked to them.</summary>
public sealed class FairService(
    TableFairStore fairs,
    TableVacancyStore vacancyTable,
    IVacancyStore vacancies,
    IOutcomeStore outcomes,
    ProgressRefreshQueue progress,
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

    /// <summary>Creates the fair, or returns the one this organiser already created with exactly these fields
    /// (<c>Created</c> false): a POST retried after a lost answer must not put the same fair in the calendar twice.
    /// The first id tried is derived from the fields, so even two concurrent retries meet at one entity; a
    /// cancelled twin, or a different fair that drew the same id, gets a fresh random id instead.</summary>
    public async Task<(Fair Fair, bool Created)> CreateAsync(Caller caller, JsonElement body, CancellationToken cancellationToken)
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
        var draft = input.ApplyTo(new Fair
        {
            FairId = string.Empty,
            Name = string.Empty,
            Kind = FairKind.Special,
            StartsOn = input.StartsOn!.Value,
            EndsOn = input.StartsOn.Value,
            District = district,
            OrganiserId = caller.OrganisationId,
            CreatedAt = now,
            UpdatedAt = now,
        });
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var fair = draft with { FairId = attempt == 0 ? FairIds.Of(draft) : FairIds.New(draft.StartsOn) };
            if (await fairs.AddAsync(fair, cancellationToken))
            {
                logger.LogInformation("Fair {FairId} created by {OrganisationId}", fair.FairId, caller.OrganisationId);
                await ChangedAsync(cancellationToken);
                return (fair, true);
            }

            if (attempt == 0 && await fairs.GetAsync(fair.FairId, cancellationToken) is { } existing && SameFair(existing.Fair, draft))
            {
                return (existing.Fair, false);
            }
        }

        throw new InvalidOperationException("Five fair ids in a row were taken.");
    }

    /// <summary>Whether <paramref name="stored"/> is what <paramref name="draft"/> would create: same organiser and
    /// every field the body gives, and not cancelled since.</summary>
    private static bool SameFair(Fair stored, Fair draft) =>
        stored.Status == FairStatus.Scheduled
        && stored with { FairId = string.Empty, CreatedAt = default, UpdatedAt = default } == draft with { CreatedAt = default, UpdatedAt = default };

    public async Task<(Fair Fair, FairCounts Counts)> UpdateAsync(Caller caller, string fairId, JsonElement body, CancellationToken cancellationToken)
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

        // Moving the dates moves the window its applications and hires are counted in.
        await ChangedAsync(cancellationToken);
        return (updated, await CountsOfAsync(updated.FairId, cancellationToken));
    }

    /// <summary>Cancels the fair: it stays on record (posts linked before keep their link and count), shown as
    /// cancelled, and takes no new links. Cancelling twice is the same as once.</summary>
    public async Task<(Fair Fair, FairCounts Counts)> CancelAsync(Caller caller, string fairId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var (current, etag) = await OwnedAsync(caller, fairId, cancellationToken);
        if (current.Status == FairStatus.Cancelled)
        {
            return (current, await CountsOfAsync(current.FairId, cancellationToken));
        }

        var cancelled = current with { Status = FairStatus.Cancelled, UpdatedAt = time.GetUtcNow() };
        if (!await fairs.ReplaceAsync(cancelled, etag, cancellationToken))
        {
            throw Conflict();
        }

        logger.LogInformation("Fair {FairId} cancelled by {OrganisationId}", current.FairId, caller.OrganisationId);
        await ChangedAsync(cancellationToken);
        return (cancelled, await CountsOfAsync(cancelled.FairId, cancellationToken));
    }

    public async Task<(Fair Fair, FairCounts Counts)> GetAsync(string fairId, CancellationToken cancellationToken)
    {
        var (fair, _) = await fairs.GetAsync(fairId, cancellationToken) ?? throw NotFound(fairId);
        return (fair, await CountsOfAsync(fair.FairId, cancellationToken));
    }

    private async Task<FairCounts> CountsOfAsync(string fairId, CancellationToken cancellationToken) =>
        (await CountsAsync(cancellationToken)).GetValueOrDefault(fairId, FairCounts.None);

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
        await ChangedAsync(cancellationToken);
        return updated;
    }

    /// <summary>The posts linked to the fair that the caller may read, in id order, a page at a time: the site,
    /// universities and the fair's organisers (its district office, the bureau) every one; an employer its own; another
    /// district office those in its district. A cancelled fair still lists what was linked to it.</summary>
    public async Task<(IReadOnlyList<Vacancy> Items, int? NextOffset)> PostsAsync(Caller caller, string fairId, int offset, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var (fair, _) = await fairs.GetAsync(fairId, cancellationToken) ?? throw NotFound(fairId);
        var seesAll = caller.Kind is OrganisationKind.Site or OrganisationKind.University || Organises(caller, fair);
        var ids = new List<string>();
        await foreach (var post in vacancyTable.ReadFairLinkedAsync(cancellationToken))
        {
            if (post.FairIds.Contains(fair.FairId, StringComparer.Ordinal) && (seesAll || (VacancyIds.TrySplit(post.VacancyId, out var credit, out _) && caller.OwnsPost(credit, post.District))))
            {
                ids.Add(post.VacancyId);
            }
        }

        ids.Sort(StringComparer.Ordinal);
        var items = new List<Vacancy>();
        foreach (var id in ids.Skip(offset).Take(pageSize))
        {
            // A post deleted between the scan and this read is left out of the page rather than failing it.
            if (await vacancies.GetAsync(id, cancellationToken) is { } post)
            {
                items.Add(post);
            }
        }

        return (items, offset + pageSize < ids.Count ? offset + pageSize : null);
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

        var windows = new Dictionary<string, (DateOnly From, DateOnly To)>(StringComparer.Ordinal);
        if (linked.Count > 0)
        {
            await foreach (var fair in fairs.ReadAllAsync(cancellationToken))
            {
                windows[fair.FairId] = (fair.StartsOn, fair.EndsOn.AddDays(options.Value.AttributionDays));
            }
        }

        // Only outcomes of linked posts are kept, one entry per (graduate, post) with the Beijing dates of its first
        // application and first hire, so memory follows the fairs' posts and each fair can apply its own window.
        var pairs = new Dictionary<(string Graduate, string Vacancy), (DateOnly? Applied, DateOnly? Hired)>();
        if (linked.Count > 0)
        {
            await foreach (var outcome in outcomes.ReadAllAsync(cancellationToken))
            {
                if (!linked.ContainsKey(outcome.VacancyId))
                {
                    continue;
                }

                var on = DateOnly.FromDateTime(outcome.At.ToOffset(Catalogues.Period.Beijing).DateTime);
                var key = (outcome.GraduateId, outcome.VacancyId);
                var (applied, hired) = pairs.GetValueOrDefault(key);
                if (Outcome.CountsAsApplication(outcome.Event))
                {
                    applied = Earlier(applied, on);
                }

                if (outcome.Event == OutcomeEvent.Hired)
                {
                    hired = Earlier(hired, on);
                }

                pairs[key] = (applied, hired);
            }
        }

        var perPost = pairs.GroupBy(p => p.Key.Vacancy, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Value).ToList(), StringComparer.Ordinal);
        var counts = new Dictionary<string, FairCounts>(StringComparer.Ordinal);
        foreach (var post in linked.Values)
        {
            var events = perPost.GetValueOrDefault(post.VacancyId) ?? [];
            foreach (var fairId in post.FairIds.Distinct(StringComparer.Ordinal))
            {
                var c = counts.GetValueOrDefault(fairId, FairCounts.None);
                int applications = 0, hires = 0;
                if (windows.TryGetValue(fairId, out var window))
                {
                    applications = events.Count(e => Within(e.Applied, window));
                    hires = events.Count(e => Within(e.Hired, window));
                }

                counts[fairId] = new FairCounts(c.Posts + 1, c.Headcount + post.Headcount, c.Applications + applications, c.Hires + hires);
            }
        }

        return counts;
    }

    private static DateOnly Earlier(DateOnly? current, DateOnly on) => current is { } c && c <= on ? c : on;

    private static bool Within(DateOnly? on, (DateOnly From, DateOnly To) window) => on is { } d && d >= window.From && d <= window.To;

    private Task ChangedAsync(CancellationToken cancellationToken)
    {
        counted = null;
        return progress.RequestAsync("fair", cancellationToken);
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
