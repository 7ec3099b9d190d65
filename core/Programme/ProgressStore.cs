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
    private const string ChangedAtMetadata = "changedat";
    private const string ChangedMarker = "changed";
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
    public Task<bool> WriteIfNewerAsync(string key, Progress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return UploadIfNewerAsync(Blob(key), AsOfMetadata, progress.AsOf, BinaryData.FromObjectAsJson(progress, ProgressJson.Options),
            new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" }, cancellationToken);
    }

    /// <summary>Stores <paramref name="body"/> with <paramref name="at"/> in the metadata named <paramref name="stamp"/>
    /// unless the blob already holds a time at or after it, by ETag so two writers cannot both win; false when it held one.</summary>
    private static async Task<bool> UploadIfNewerAsync(BlobClient blob, string stamp, DateTimeOffset at, BinaryData body, BlobHttpHeaders? headers,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            BlobRequestConditions conditions;
            try
            {
                var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
                if (Stamp(properties, stamp) is { } stored && stored >= at)
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
                    HttpHeaders = headers,
                    Metadata = new Dictionary<string, string> { [stamp] = at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) },
                }, cancellationToken);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxWriteAttempts)
            {
                // Another writer got there first: look again at what it stored.
            }
        }
    }

    /// <summary>Records that something progress counts changed at <paramref name="at"/> (the <c>progress/changed.json</c>
    /// marker's metadata; the blob is empty). Only ever moved forward, so a late writer with an earlier time never
    /// hides a later change from <see cref="ChangedAtAsync"/>.</summary>
    public Task MarkChangedAsync(DateTimeOffset at, CancellationToken cancellationToken) =>
        UploadIfNewerAsync(Blob(ChangedMarker), ChangedAtMetadata, at, BinaryData.Empty, null, cancellationToken);

    /// <summary>The latest time <see cref="MarkChangedAsync"/> recorded; null if it never did.</summary>
    public async Task<DateTimeOffset?> ChangedAtAsync(CancellationToken cancellationToken)
    {
        try
        {
            return Stamp(await Blob(ChangedMarker).GetPropertiesAsync(cancellationToken: cancellationToken), ChangedAtMetadata);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Stores a month's document only if none is stored (If-None-Match: *): a published month is never
    /// written again, whoever closes it (the timer on several instances, the bureau). False if one was stored.</summary>
    public async Task<bool> CreateAsync(string key, Progress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        try
        {
            await Blob(key).UploadAsync(BinaryData.FromObjectAsJson(progress, ProgressJson.Options), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" },
                Metadata = new Dictionary<string, string> { [AsOfMetadata] = progress.AsOf.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) },
            }, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>A stored document's bytes exactly as written, with the blob's ETag; null if there is none.</summary>
    public async Task<StoredDocument?> ReadStoredAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var result = (await Blob(key).DownloadContentAsync(cancellationToken)).Value;
            return new StoredDocument(result.Content, result.Details.ETag.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>The keys of the stored monthly documents (yyyy-MM), oldest first.</summary>
    public async Task<IReadOnlyList<string>> ListMonthsAsync(CancellationToken cancellationToken)
    {
        var months = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = "progress/" }, cancellationToken))
        {
            var key = blob.Name["progress/".Length..^".json".Length];
            if (Catalogues.Period.TryParse(key, out _))
            {
                months.Add(key);
            }
        }

        return [.. months.Order(StringComparer.Ordinal)];
    }

    private BlobClient Blob(string key) => container.GetBlobClient($"progress/{key}.json");

    private static DateTimeOffset? AsOf(Response<BlobProperties> properties) => Stamp(properties, AsOfMetadata);

    private static DateTimeOffset? Stamp(Response<BlobProperties> properties, string name) =>
        properties.Value.Metadata.TryGetValue(name, out var text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var asOf) ? asOf : null;
}

/// <summary>A stored document as written, and its version.</summary>
public sealed record StoredDocument(BinaryData Content, string ETag)
{
    public Progress Progress => Content.ToObjectFromJson<Progress>(ProgressJson.Options)!;
}

/// <summary>The one JSON shape progress documents are stored in.</summary>
public static class ProgressJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
