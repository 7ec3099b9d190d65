using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Liuhu.Core.Access;
using Liuhu.Core.Storage;

namespace Liuhu.Core.Graduates;

/// <summary>How audit records name a graduate: a keyed hash under a random key of that graduate's own, kept in
/// the Pseudonyms table. While the graduate exists the bureau can find every record about them (an access
/// request under PIPL); erasure deletes the key, after which no record can be linked to the graduate again.</summary>
public sealed class GraduatePseudonyms(StorageClients clients)
{
    private const int MaxCached = 50_000;
    private readonly TableClient table = clients.Table(StorageNames.PseudonymsTable);
    private readonly ConcurrentDictionary<string, byte[]> keys = new(StringComparer.Ordinal);

    public async Task<string> OfAsync(string graduateId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graduateId);
        if (!keys.TryGetValue(graduateId, out var key))
        {
            key = await GetOrCreateKeyAsync(graduateId, cancellationToken);
            if (keys.Count >= MaxCached)
            {
                keys.Clear();
            }

            keys[graduateId] = key;
        }

        return "p" + Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(graduateId)).AsSpan(0, 12));
    }

    public async Task ForgetAsync(string graduateId, CancellationToken cancellationToken)
    {
        keys.TryRemove(graduateId, out _);
        if (TableLimits.IsValidKey(graduateId))
        {
            await table.DeleteEntityAsync(TableGraduateStore.PartitionOf(graduateId), graduateId, cancellationToken: cancellationToken);
        }
    }

    private async Task<byte[]> GetOrCreateKeyAsync(string graduateId, CancellationToken cancellationToken)
    {
        var partition = TableGraduateStore.PartitionOf(graduateId);
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(partition, graduateId, cancellationToken: cancellationToken);
        if (existing.HasValue && existing.Value!.GetBinary("Key") is { Length: 32 } stored)
        {
            return stored;
        }

        var key = RandomNumberGenerator.GetBytes(32);
        try
        {
            await table.AddEntityAsync(new TableEntity(partition, graduateId) { ["Key"] = key }, cancellationToken);
            return key;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Another request created it first: use theirs, so one graduate has one pseudonym.
            var winner = await table.GetEntityAsync<TableEntity>(partition, graduateId, cancellationToken: cancellationToken);
            return winner.Value.GetBinary("Key");
        }
    }
}
