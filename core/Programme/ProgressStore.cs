using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Liuhu.Core.Storage;

namespace Liuhu.Core.Programme;

/// <summary>Stored progress documents, as blobs in the programme container: <c>progress/current.json</c>, the
/// live figures rebuilt off the request path, and room for one document per closed month
/// (<c>progress/2024-03.json</c>, written when the month closes and served exactly as published). A reader
/// needs one point read; the document's <see cref="Progress.AsOf"/> is also kept as blob metadata so a writer
/// can tell, with a HEAD request, whether what is stored is already newer than what it would write.</summary>
public sealed class ProgressStore(StorageClients clients)
{
    public const string Current = "current";

    private const string AsOfMetadata = "asof";
    private const int MaxWriteAttempts = 5;
    private readonly BlobContainerClient container = clients.Container(StorageNames.ProgrammeContainer);

    public async Task<Progress?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var content = (await Blob(key).DownloadContentAsync(cancellationToken)).Value.Content;
            return content.ToObjectFromJson<Progress>(ProgressJson.Options);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>When the stored document's figures were taken, without reading it; null if there is none.</summary>
    public async Task<DateTimeOffset?> AsOfAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return AsOf(await Blob(key).GetPropertiesAsync(cancellationToken: cancellationToken));
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Stores <paramref name="progress"/> unless the stored document is as new or newer, so that a slow
    /// rebuild finishing after a quicker, later one never puts older figures back (rebuilds may run at once on
    /// several instances, and queue messages arrive at least once). True if it was written.</summary>
    public async Task<bool> WriteIfNewerAsync(string key, Progress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var blob = Blob(key);
        var body = BinaryData.FromObjectAsJson(progress, ProgressJson.Options);
        for (var attempt = 1; ; attempt++)
        {
            BlobRequestConditions conditions;
            try
            {
                var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
                if (AsOf(properties) is { } stored && stored >= progress.AsOf)
                {
                    return false;
                }

                conditions = new BlobRequestConditions { IfMatch = properties.Value.ETag };
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                conditions = new BlobRequestConditions { IfNoneMatch = ETag.All };
            }

            try
            {
                await blob.UploadAsync(body, new BlobUploadOptions
                {
                    Conditions = conditions,
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" },
                    Metadata = new Dictionary<string, string> { [AsOfMetadata] = progress.AsOf.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) },
                }, cancellationToken);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxWriteAttempts)
            {
                // Another writer got there first: look again at what it stored.
            }
        }
    }

    private BlobClient Blob(string key) => container.GetBlobClient($"progress/{key}.json");

    private static DateTimeOffset? AsOf(Response<BlobProperties> properties) =>
        properties.Value.Metadata.TryGetValue(AsOfMetadata, out var text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var asOf) ? asOf : null;
}

/// <summary>The one JSON shape progress documents are stored in.</summary>
public static class ProgressJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
