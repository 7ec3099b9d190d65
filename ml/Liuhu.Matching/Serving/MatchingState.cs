using Liuhu.Core.Domain;
using Liuhu.Core.Outcomes;
using Liuhu.Core.Storage;
using Liuhu.Matching.Features;
using Liuhu.Matching.Ranking;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Liuhu.Matching.Serving;

/// <summary>What a serving instance keeps in memory: the index of open posts and the promoted model. Both are
/// refreshed when older than their settings allow, and swapped atomically, so requests never see a half-built
/// index and a newly promoted model is picked up without a restart.</summary>
public sealed class MatchingState(
    IVacancyStore vacancies,
    IOutcomeStore outcomes,
    ModelRepository models,
    TimeProvider time,
    IOptions<MatchingOptions> options,
    ILogger<MatchingState> logger)
{
    private readonly SemaphoreSlim indexLock = new(1, 1);
    private readonly SemaphoreSlim modelLock = new(1, 1);
    private volatile VacancyIndex? index;
    private volatile ModelSlot? model;

    public sealed record ModelSlot(string Version, RankingModel? Model, DateTimeOffset CheckedAt);

    public async Task<VacancyIndex> GetIndexAsync(CancellationToken cancellationToken)
    {
        var current = index;
        if (current is not null && time.GetUtcNow() - current.BuiltAt < TimeSpan.FromSeconds(options.Value.IndexRefreshSeconds))
        {
            return current;
        }

        await indexLock.WaitAsync(cancellationToken);
        try
        {
            current = index;
            if (current is not null && time.GetUtcNow() - current.BuiltAt < TimeSpan.FromSeconds(options.Value.IndexRefreshSeconds))
            {
                return current;
            }

            index = current = await BuildIndexAsync(cancellationToken);
            return current;
        }
        finally
        {
            indexLock.Release();
        }
    }

    public async Task<ModelSlot> GetModelAsync(CancellationToken cancellationToken)
    {
        var current = model;
        if (current is not null && time.GetUtcNow() - current.CheckedAt < TimeSpan.FromSeconds(options.Value.ModelRefreshSeconds))
        {
            return current;
        }

        await modelLock.WaitAsync(cancellationToken);
        try
        {
            current = model;
            if (current is not null && time.GetUtcNow() - current.CheckedAt < TimeSpan.FromSeconds(options.Value.ModelRefreshSeconds))
            {
                return current;
            }

            var version = await models.GetCurrentVersionAsync(cancellationToken);
            if (version is null)
            {
                current = new ModelSlot(HeuristicScorer.Version, null, time.GetUtcNow());
            }
            else if (current?.Version == version)
            {
                current = current with { CheckedAt = time.GetUtcNow() };
            }
            else
            {
                var loaded = await models.LoadAsync(version, cancellationToken);
                current = new ModelSlot(loaded is null ? HeuristicScorer.Version : version, loaded, time.GetUtcNow());
                logger.LogInformation("Serving model {Version}", current.Version);
            }

            model = current;
            return current;
        }
        finally
        {
            modelLock.Release();
        }
    }

    /// <summary>Forget what is cached (after training, or in tests), so the next request reads storage.</summary>
    public void Invalidate()
    {
        index = null;
        model = null;
    }

    private async Task<VacancyIndex> BuildIndexAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

        // The two scans are independent: run them together, it halves a cold start.
        var applicationsTask = ApplicationsPerVacancyAsync(outcomes, cancellationToken);
        var posts = new List<PostProfile>();
        await foreach (var vacancy in vacancies.ReadAllAsync(cancellationToken))
        {
            if (vacancy.Status == VacancyStatus.Open && (vacancy.ExpiresOn is null || vacancy.ExpiresOn >= today))
            {
                posts.Add(new PostProfile(vacancy, MajorCatalog.Default));
            }
        }

        var applications = await applicationsTask;
        foreach (var post in posts)
        {
            post.Applications = applications.GetValueOrDefault(post.Vacancy.VacancyId);
        }

        logger.LogInformation("Matching index built over {Posts} open posts", posts.Count);
        return new VacancyIndex(posts, time.GetUtcNow());
    }

    public static async Task<Dictionary<string, int>> ApplicationsPerVacancyAsync(IOutcomeStore outcomes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var applicants = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        await foreach (var outcome in outcomes.ReadAllAsync(cancellationToken))
        {
            if (Outcome.CountsAsApplication(outcome.Event))
            {
                if (!applicants.TryGetValue(outcome.VacancyId, out var set))
                {
                    applicants[outcome.VacancyId] = set = new HashSet<string>(StringComparer.Ordinal);
                }

                set.Add(outcome.GraduateId);
            }
        }

        return applicants.ToDictionary(p => p.Key, p => p.Value.Count, StringComparer.Ordinal);
    }
}
