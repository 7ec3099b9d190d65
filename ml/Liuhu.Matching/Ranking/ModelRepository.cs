using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Liuhu.Core.Storage;

namespace Liuhu.Matching.Ranking;

/// <summary>What is known of a trained model: how it was trained and how it did on held-out graduates.</summary>
public sealed record ModelMetadata
{
    public required string Version { get; init; }

    public DateTimeOffset TrainedAt { get; init; }

    public int TrainingRows { get; init; }

    public int TrainingGroups { get; init; }

    public int HeldOutGroups { get; init; }

    public double NdcgAt10Model { get; init; }

    public double NdcgAt10Heuristic { get; init; }

    public double NdcgAt10Random { get; init; }

    /// <summary>The model that served before, on the same held-out graduates (null when there was none).</summary>
    public double? NdcgAt10Previous { get; init; }

    public bool Promoted { get; init; }

    public string? Note { get; init; }

    public IReadOnlyDictionary<string, double> FeatureImportance { get; init; } = new Dictionary<string, double>();

    public double TrainingSeconds { get; init; }
}

/// <summary>Versioned model artefacts in blob storage (<c>models/{version}/model.zip</c> and
/// <c>metadata.json</c>), a pointer to the promoted one (<c>models/current.json</c>), and the last run.</summary>
public sealed class ModelRepository(StorageClients clients)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly BlobContainerClient container = clients.Container(StorageNames.ModelsContainer);

    public async Task SaveAsync(ModelMetadata metadata, RankingModel model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(model);
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        await container.GetBlobClient($"{metadata.Version}/model.zip").UploadAsync(stream, overwrite: true, cancellationToken);
        await container.GetBlobClient($"{metadata.Version}/metadata.json").UploadAsync(BinaryData.FromObjectAsJson(metadata, Json), overwrite: true, cancellationToken);
    }

    public Task RecordRunAsync(ModelMetadata metadata, CancellationToken cancellationToken) =>
        container.GetBlobClient("last-run.json").UploadAsync(BinaryData.FromObjectAsJson(metadata, Json), overwrite: true, cancellationToken);

    public Task<ModelMetadata?> GetLastRunAsync(CancellationToken cancellationToken) => ReadAsync<ModelMetadata>("last-run.json", cancellationToken);

    public Task PromoteAsync(string version, CancellationToken cancellationToken) =>
        container.GetBlobClient("current.json").UploadAsync(BinaryData.FromObjectAsJson(new { version }, Json), overwrite: true, cancellationToken);

    public async Task<string?> GetCurrentVersionAsync(CancellationToken cancellationToken)
    {
        var pointer = await ReadAsync<JsonElement?>("current.json", cancellationToken);
        return pointer?.GetProperty("version").GetString();
    }

    public Task<ModelMetadata?> GetMetadataAsync(string version, CancellationToken cancellationToken) =>
        ReadAsync<ModelMetadata>($"{version}/metadata.json", cancellationToken);

    public async Task<RankingModel?> LoadAsync(string version, CancellationToken cancellationToken)
    {
        try
        {
            var content = await container.GetBlobClient($"{version}/model.zip").DownloadContentAsync(cancellationToken);
            using var stream = content.Value.Content.ToStream();
            return RankingModel.Load(stream);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private async Task<T?> ReadAsync<T>(string name, CancellationToken cancellationToken)
    {
        try
        {
            var content = await container.GetBlobClient(name).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<T>(Json);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return default;
        }
    }
}
