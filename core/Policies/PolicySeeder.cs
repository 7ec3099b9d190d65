using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Liuhu.Core.Policies;

/// <summary>On start, adds the plan's policies from core/Policies/policies.seed.json as version 1 of each policy
/// that does not exist yet. Idempotent: a repeat adds nothing, and a policy the bureau has edited is left alone.</summary>
public sealed class PolicySeeder(TablePolicyStore store, PolicyService policies, TimeProvider time, ILogger<PolicySeeder> logger) : IHostedService
{
    public const string SeedFile = "core/Policies/policies.seed.json";

    public async Task StartAsync(CancellationToken cancellationToken) => await SeedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        var added = 0;
        var now = time.GetUtcNow();
        foreach (var policy in Read())
        {
            if (await store.AddIfAbsentAsync(policy with { UpdatedAt = now }, cancellationToken))
            {
                added++;
            }
        }

        policies.Invalidate();
        logger.LogInformation("Policy list seeded from {SeedFile}: {Added} added", SeedFile, added);
        return added;
    }

    /// <summary>The seed file's policies, each checked as the bureau's would be and marked with the file and the plan it cites.</summary>
    public static IReadOnlyList<Policy> Read()
    {
        using var stream = typeof(PolicySeeder).Assembly.GetManifestResourceStream("Liuhu.Core.policies.seed.json")
            ?? throw new InvalidOperationException("The policy seed file is not embedded.");
        var seed = JsonSerializer.Deserialize<SeedFileContent>(stream, PolicyDocuments.Options)
            ?? throw new InvalidOperationException("The policy seed file is empty.");
        foreach (var policy in seed.Policies)
        {
            if (PolicyDocuments.Check(policy) is { Count: > 0 } errors)
            {
                throw new InvalidOperationException($"Seed policy {policy.PolicyId} is invalid: {string.Join("; ", errors.Select(e => $"{e.Column} {e.Code}"))}");
            }
        }

        return seed.Policies.Select(p => p with { Version = 1, Status = PolicyStatus.Active, Source = $"seed:{SeedFile}（{seed.Source}）" }).ToList();
    }

    private sealed record SeedFileContent(string Source, IReadOnlyList<Policy> Policies);
}
