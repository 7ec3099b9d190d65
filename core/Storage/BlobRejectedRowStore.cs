using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Liuhu.Core.Graduates;
using Liuhu.Core.Ledgers;

namespace Liuhu.Core.Storage;

/// <summary>Rejected rows as one blob per ledger, <c>ledger-rejects/{ledgerId}.json</c>: plain JSON for a vacancy
/// ledger, the JSON encrypted with <see cref="IPersonalDataProtector"/> for a graduate ledger. The time retention is
/// counted from is kept in the blob's metadata, so rewriting the blob (after an erasure) does not extend it.</summary>
public sealed class BlobRejectedRowStore(StorageClients clients, IPersonalDataProtector protector) : IRejectedRowStore
{
    private const string StoredAtKey = "storedat";
    private const string ProtectedKey = "protected";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly BlobContainerClient container = clients.Container(StorageNames.RejectsContainer);

    public async Task SaveAsync(string ledgerId, RejectedRows rows, bool personal, DateTimeOffset storedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var json = JsonSerializer.Serialize(rows, Json);
        var content = BinaryData.FromString(personal ? protector.Protect(json)! : json);
        await Blob(ledgerId).UploadAsync(content, new BlobUploadOptions
        {
            Metadata = new Dictionary<string, string>
            {
                [StoredAtKey] = storedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                [ProtectedKey] = personal ? "1" : "0",
            },
        }, cancellationToken);
    }

    public async Task<(RejectedRows Rows, DateTimeOffset StoredAt)?> GetAsync(string ledgerId, CancellationToken cancellationToken)
    {
        try
        {
            var result = (await Blob(ledgerId).DownloadContentAsync(cancellationToken)).Value;
            var metadata = result.Details.Metadata;
            var text = result.Content.ToString();
            var json = metadata.TryGetValue(ProtectedKey, out var isProtected) && isProtected == "1" ? protector.Unprotect(text)! : text;
            var rows = JsonSerializer.Deserialize<RejectedRows>(json, Json) ?? throw new InvalidDataException($"Rejected rows of {ledgerId} are empty.");
            return (rows, StoredAt(metadata) ?? result.Details.LastModified);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public Task DeleteAsync(string ledgerId, CancellationToken cancellationToken) =>
        Blob(ledgerId).DeleteIfExistsAsync(cancellationToken: cancellationToken);

    public async Task<int> DeleteStoredBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var deleted = 0;
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }, cancellationToken))
        {
            var storedAt = StoredAt(blob.Metadata) ?? blob.Properties.LastModified;
            if (storedAt < cutoff)
            {
                await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
                deleted++;
            }
        }

        return deleted;
    }

    private BlobClient Blob(string ledgerId) => container.GetBlobClient(ledgerId + ".json");

    private static DateTimeOffset? StoredAt(IDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue(StoredAtKey, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
