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

    /// <summary>The feature schemas the models read (<see cref="Features.FeatureSchema.Version"/>): a model is
    /// served only to features of the same version.</summary>
    public string? SchemaVersion { get; init; }

    public string? EmployerSchemaVersion { get; init; }

    /// <summary>What the run was trained on: outcome count, last outcome, posts, graduates and the time cutoff.</summary>
    public string? DataSnapshot { get; init; }

    public DateTimeOffset? Cutoff { get; init; }

    /// <summary>95% bootstrap intervals over held-out graduates.</summary>
    public Interval? NdcgAt10ModelInterval { get; init; }

    public Interval? NdcgAt10HeuristicInterval { get; init; }

    /// <summary>The paired difference model − heuristic, and model − serving model: promotion needs both above 0.</summary>
    public Interval? GainOverHeuristic { get; init; }

    public Interval? GainOverPrevious { get; init; }

    /// <summary>Held-out graduates with no relevant post among those open to them (counted as 0 for every ranker).</summary>
    public int HeldOutWithoutRelevantPost { get; init; }

    /// <summary>The employer-side ranker, on posts whose applications came after the cutoff.</summary>
    public double? EmployerNdcgAt10Model { get; init; }

    public double? EmployerNdcgAt10Heuristic { get; init; }

    /// <summary>Whether the employer-side model orders candidates (otherwise the employer heuristic does).</summary>
    public bool EmployerModelServes { get; init; }

    /// <summary>The off-policy estimate promotion is decided on (<see cref="OffPolicyEstimator"/>): the applications each
    /// policy's top 10 can expect per held-out graduate, from the logged lists, their propensities and outcomes.</summary>
    public Interval? OffPolicyValueModel { get; init; }

    public Interval? OffPolicyValueHeuristic { get; init; }

    public Interval? OffPolicyValuePrevious { get; init; }

    public Interval? OffPolicyGainOverHeuristic { get; init; }

    public Interval? OffPolicyGainOverPrevious { get; init; }

    /// <summary>Held-out graduates with a logged list, the positive outcomes on those lists and how many of them
    /// were on posts exploration drew.</summary>
    public int OffPolicyGraduates { get; init; }

    public int OffPolicyOutcomes { get; init; }

    public int OffPolicyExploredOutcomes { get; init; }
}

/// <summary>Versioned model artefacts in blob storage (<c>models/{version}/model.zip</c> and
/// <c>metadata.json</c>), a pointer to the promoted one (<c>models/current.json</c>), and the last run.</summary>
public sealed class ModelRepository(StorageClients clients)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly BlobContainerClient container = clients.Container(StorageNames.ModelsContainer);

    public async Task SaveAsync(ModelMetadata metadata, RankingModel model, RankingModel? employerModel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(model);
        await UploadAsync($"{metadata.Version}/model.zip", model, cancellationToken);
        if (employerModel is not null)
        {
            await UploadAsync($"{metadata.Version}/employer-model.zip", employerModel, cancellationToken);
        }

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

    /// <summary>The models of a version, or null when it is missing or was trained on other feature schemas
    /// (then the heuristics serve until a model of the current schemas is promoted).</summary>
    public async Task<(RankingModel Model, RankingModel? EmployerModel)?> LoadAsync(string version, CancellationToken cancellationToken)
    {
        var metadata = await GetMetadataAsync(version, cancellationToken);
        if (metadata?.SchemaVersion != Features.PairFeatures.Schema.Version)
        {
            return null;
        }

        var model = await DownloadAsync($"{version}/model.zip", Features.PairFeatures.Schema, version, cancellationToken);
        if (model is null)
        {
            return null;
        }

        var employer = metadata.EmployerModelServes && metadata.EmployerSchemaVersion == Features.CandidateFeatures.Schema.Version
            ? await DownloadAsync($"{version}/employer-model.zip", Features.CandidateFeatures.Schema, version + "-employer", cancellationToken)
            : null;
        return (model, employer);
    }

    private async Task UploadAsync(string name, RankingModel model, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        await container.GetBlobClient(name).UploadAsync(stream, overwrite: true, cancellationToken);
    }

    private async Task<RankingModel?> DownloadAsync(string name, Features.FeatureSchema schema, string version, CancellationToken cancellationToken)
    {
        try
        {
            var content = await container.GetBlobClient(name).DownloadContentAsync(cancellationToken);
            using var stream = content.Value.Content.ToStream();
            return RankingModel.Load(stream, schema, version);
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
