using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Liuhu.Core.Access;
using Liuhu.Core.Catalogues;
using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Liuhu.Core.Policies;

public sealed class PolicyOptions
{
    public const string SectionName = "Policies";

    /// <summary>How long an instance serves the list it read before reading it again: a bureau edit reaches the
    /// other instances within this time (the instance that made it, at once).</summary>
    [Range(0, 3600)]
    public int CacheSeconds { get; set; } = 30;
}

/// <summary>How many graduates the list finds eligible (or short of information) for one policy: the measure
/// of 应享尽享 (plan item 21).</summary>
public sealed record PolicyUptake(string PolicyId, string Name, int Eligible, int NeedsInformation);

public sealed record PolicyUptakeReport(DateTimeOffset AsOf, int Graduates, IReadOnlyList<PolicyUptake> Items);

/// <summary>The 就业创业扶持政策清单: the bureau's edits (each a new version), the public list, and what the list
/// means for a graduate, a post, or both, decided by <see cref="PolicyEvaluator"/> alone.</summary>
public sealed class PolicyService(TablePolicyStore store, IGraduateStore graduates, TimeProvider time, IOptions<PolicyOptions> options, ILogger<PolicyService> logger)
{
    private readonly SemaphoreSlim refresh = new(1, 1);
    private (IReadOnlyList<Policy> Policies, long ReadAt)? cached;

    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().ToOffset(Period.Beijing).DateTime);

    /// <summary>The current version of every policy, retired ones included (the caller filters).</summary>
    public async Task<IReadOnlyList<Policy>> CurrentAsync(CancellationToken cancellationToken)
    {
        if (cached is { } hit && time.GetElapsedTime(hit.ReadAt).TotalSeconds < options.Value.CacheSeconds)
        {
            return hit.Policies;
        }

        await refresh.WaitAsync(cancellationToken);
        try
        {
            if (cached is { } again && time.GetElapsedTime(again.ReadAt).TotalSeconds < options.Value.CacheSeconds)
            {
                return again.Policies;
            }

            var policies = (await store.ListCurrentAsync(cancellationToken)).OrderBy(p => p.PolicyId, StringComparer.Ordinal).ToList();
            cached = (policies, time.GetTimestamp());
            return policies;
        }
        finally
        {
            refresh.Release();
        }
    }

    /// <summary>The public list: policies not retired (those not yet or no longer in force are shown with their dates).</summary>
    public async Task<IReadOnlyList<Policy>> ListAsync(CancellationToken cancellationToken) =>
        (await CurrentAsync(cancellationToken)).Where(p => p.Status == PolicyStatus.Active).ToList();

    public async Task<IReadOnlyList<Policy>> HistoryAsync(string policyId, CancellationToken cancellationToken)
    {
        var versions = await store.HistoryAsync(policyId, cancellationToken);
        return versions.Count > 0 ? versions : throw TablePolicyStore.NotFound(policyId);
    }

    public Task<Policy> CreateAsync(Caller caller, JsonElement body, CancellationToken cancellationToken) =>
        SaveAsync(caller, PolicyDocuments.Parse(body, policyId: null) with { Status = PolicyStatus.Active }, isNew: true, cancellationToken);

    public Task<Policy> ReviseAsync(Caller caller, string policyId, JsonElement body, CancellationToken cancellationToken) =>
        SaveAsync(caller, PolicyDocuments.Parse(body, policyId) with { Status = PolicyStatus.Active }, isNew: false, cancellationToken);

    /// <summary>Retiring is a version with status retired: the list stops showing it, its history stays.</summary>
    public async Task<Policy> RetireAsync(Caller caller, string policyId, CancellationToken cancellationToken)
    {
        var current = (await CurrentAsync(cancellationToken)).FirstOrDefault(p => p.PolicyId == policyId)
            ?? (await HistoryAsync(policyId, cancellationToken))[^1];
        return await SaveAsync(caller, current with { Status = PolicyStatus.Retired }, isNew: false, cancellationToken);
    }

    /// <summary>Every graduate policy in force, for a graduate; with a job, its conditions are decided too.</summary>
    public async Task<IReadOnlyList<PolicyEligibility>> ForGraduateAsync(GraduateFacts graduate, JobFacts? job, CancellationToken cancellationToken)
    {
        var today = Today;
        return (await CurrentAsync(cancellationToken))
            .Where(p => p.InForce(today) && p.Beneficiary == PolicyBeneficiary.Graduate)
            .Select(p => PolicyEvaluator.Evaluate(p, graduate, job))
            .OrderBy(e => e.Status).ThenBy(e => e.PolicyId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>What taking this post would add for this graduate ("若在此岗位就业，可享受"): graduate policies with a
    /// condition on the job that the post meets, and no condition the graduate fails.</summary>
    public static IReadOnlyList<PolicyEligibility> IfHired(IReadOnlyList<Policy> inForce, GraduateFacts graduate, JobFacts job) =>
        inForce.Where(p => p.Beneficiary == PolicyBeneficiary.Graduate && HasJobCondition(p))
            .Select(p => PolicyEvaluator.Evaluate(p, graduate, job))
            .Where(e => e.Status != EligibilityStatus.NotEligible && JobConditionsMet(e))
            .ToList();

    /// <summary>For an employer's post: the subsidies a hire into it would bring the employer (or the agency that
    /// files it), each with the conditions the hired graduate must meet.</summary>
    public async Task<IReadOnlyList<PolicyEligibility>> ForEmployerAsync(Vacancy vacancy, CancellationToken cancellationToken)
    {
        var today = Today;
        var job = JobFacts.From(vacancy);
        return (await CurrentAsync(cancellationToken))
            .Where(p => p.InForce(today) && p.Beneficiary is PolicyBeneficiary.Employer or PolicyBeneficiary.HrAgency)
            .Select(p => PolicyEvaluator.Evaluate(p, graduate: null, job))
            .Where(e => e.Status != EligibilityStatus.NotEligible && JobConditionsMet(e))
            .ToList();
    }

    /// <summary>The in-force policies, for callers that evaluate many posts for one request.</summary>
    public async Task<IReadOnlyList<Policy>> InForceAsync(CancellationToken cancellationToken)
    {
        var today = Today;
        return (await CurrentAsync(cancellationToken)).Where(p => p.InForce(today)).ToList();
    }

    /// <summary>Graduates found eligible per graduate policy, over every stored profile (no personal data read).</summary>
    public async Task<PolicyUptakeReport> UptakeAsync(CancellationToken cancellationToken)
    {
        var today = Today;
        var policies = (await CurrentAsync(cancellationToken)).Where(p => p.InForce(today) && p.Beneficiary == PolicyBeneficiary.Graduate).ToList();
        var eligible = new int[policies.Count];
        var needs = new int[policies.Count];
        var count = 0;
        await foreach (var graduate in graduates.ReadAllAsync(withPersonalData: false, cancellationToken))
        {
            count++;
            var facts = GraduateFacts.From(graduate, today);
            for (var i = 0; i < policies.Count; i++)
            {
                switch (PolicyEvaluator.Evaluate(policies[i], facts, job: null).Status)
                {
                    case EligibilityStatus.Eligible:
                        eligible[i]++;
                        break;
                    case EligibilityStatus.NeedsInformation:
                        needs[i]++;
                        break;
                }
            }
        }

        return new PolicyUptakeReport(time.GetUtcNow(), count, policies.Select((p, i) => new PolicyUptake(p.PolicyId, p.Name, eligible[i], needs[i])).ToList());
    }

    /// <summary>Forgets the cached list, so this instance serves a bureau edit (or a fresh seed) at once.</summary>
    public void Invalidate() => cached = null;

    private static bool HasJobCondition(Policy p) => p.Conditions.Any(c => PolicyFacts.Find(c.Fact)?.Subject == FactSubject.Job);

    private static bool JobConditionsMet(PolicyEligibility e) =>
        e.Conditions.Where(c => PolicyFacts.Find(c.Fact)?.Subject == FactSubject.Job).All(c => c.Outcome == ConditionOutcome.Met);

    private async Task<Policy> SaveAsync(Caller caller, Policy policy, bool isNew, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var saved = await store.SaveVersionAsync(policy with { Source = "bureau:" + caller.OrganisationId, UpdatedAt = time.GetUtcNow() }, isNew, cancellationToken);
        Invalidate();
        logger.LogInformation("Policy {PolicyId} version {Version} ({Status}) saved by {CredentialId}", saved.PolicyId, saved.Version, saved.Status, caller.CredentialId);
        return saved;
    }
}
