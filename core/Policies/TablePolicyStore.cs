using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Liuhu.Core.Problems;
using Liuhu.Core.Storage;

namespace Liuhu.Core.Policies;

/// <summary>The policy list in Table Storage: every version kept (partition = policy id, row = version), and
/// the current version of each policy copied into one partition so the list is a single-partition read.</summary>
public sealed class TablePolicyStore(StorageClients clients)
{
    /// <summary>The list is read whole; a bound keeps that read small whatever the table holds.</summary>
    public const int MaxPolicies = 500;

    // "~" cannot begin a policy id, so the current partition never meets a policy's history.
    private const string CurrentPartition = "~current";
    private readonly TableClient table = clients.Table(StorageNames.PoliciesTable);

    public async Task<IReadOnlyList<Policy>> ListCurrentAsync(CancellationToken cancellationToken)
    {
        var policies = new List<Policy>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {CurrentPartition}"), maxPerPage: MaxPolicies, cancellationToken: cancellationToken))
        {
            if (policies.Count == MaxPolicies)
            {
                break;
            }

            policies.Add(PolicyDocuments.Deserialize(e.GetString("Document")!));
        }

        return policies;
    }

    public async Task<IReadOnlyList<Policy>> HistoryAsync(string policyId, CancellationToken cancellationToken)
    {
        var versions = new List<Policy>();
        if (!TableLimits.IsValidKey(policyId))
        {
            return versions;
        }

        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {policyId}"), cancellationToken: cancellationToken))
        {
            versions.Add(PolicyDocuments.Deserialize(e.GetString("Document")!));
        }

        return versions.OrderBy(v => v.Version).ToList();
    }

    /// <summary>Writes the next version of a policy (the first when <paramref name="isNew"/>) and makes it current.
    /// Two writers racing for the same version: the second gets 409 and nothing of it is stored.</summary>
    public async Task<Policy> SaveVersionAsync(Policy policy, bool isNew, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var latest = 0;
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {policy.PolicyId}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            latest = Math.Max(latest, int.Parse(e.RowKey, CultureInfo.InvariantCulture));
        }

        if (isNew && latest > 0)
        {
            throw new ProblemException(new Problem(409, "policy.exists", "该政策编号已存在，请用 PUT 发布新版本", $"Policy '{policy.PolicyId}' exists; PUT /api/manage/policies/{policy.PolicyId} to add a version."));
        }

        if (!isNew && latest == 0)
        {
            throw NotFound(policy.PolicyId);
        }

        var saved = policy with { Version = latest + 1 };
        try
        {
            await table.AddEntityAsync(Entity(policy.PolicyId, Row(saved.Version), saved), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            throw new ProblemException(new Problem(409, "policy.concurrent_edit", "该政策正被他人同时修改，请刷新后重试", $"Version {saved.Version} of '{policy.PolicyId}' was written by another request."));
        }

        await table.UpsertEntityAsync(Entity(CurrentPartition, policy.PolicyId, saved), TableUpdateMode.Replace, cancellationToken);
        return saved;
    }

    /// <summary>Version 1 of a seeded policy, unless the policy already exists: both writes are adds that a
    /// repeat (or an existing policy of the bureau's) turns into nothing, so seeding is idempotent.</summary>
    public async Task<bool> AddIfAbsentAsync(Policy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var first = policy with { Version = 1 };
        var added = await TryAddAsync(Entity(policy.PolicyId, Row(1), first), cancellationToken);
        return await TryAddAsync(Entity(CurrentPartition, policy.PolicyId, first), cancellationToken) || added;
    }

    public static ProblemException NotFound(string policyId) =>
        new(Problem.NotFound("policy.not_found", "未找到该政策", $"No policy with id '{policyId}'."));

    private async Task<bool> TryAddAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    private static string Row(int version) => version.ToString("D10", CultureInfo.InvariantCulture);

    private static TableEntity Entity(string partition, string row, Policy policy)
    {
        var entity = new TableEntity(partition, row)
        {
            ["Document"] = PolicyDocuments.Serialize(policy),
            ["Status"] = policy.Status.ToString(),
            ["UpdatedAt"] = policy.UpdatedAt,
        };
        TableLimits.EnsureWithinLimits(entity);
        return entity;
    }
}
