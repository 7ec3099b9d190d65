using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Core.Problems;
using Liuhu.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Liuhu.Core.Catalogues;

public sealed record CatalogueSummary(string Period, DateTimeOffset PublishedAt, int Posts, long Headcount, int Employers);

/// <summary>Publishes catalogues: the summary in the Catalogues table (one row per period, so listing is a
/// partition scan in period order), the full JSON and the page as blobs (a catalogue outgrows a 1 MiB entity;
/// the page can be served from blob static hosting). Publishing a period again replaces it and only it. A period
/// that has not begun (Beijing time) cannot be published; the bureau can withdraw a published one.</summary>
public sealed class CatalogueService(
    StorageClients clients,
    IVacancyStore vacancies,
    IGraduateStore graduates,
    TimeProvider time,
    ILogger<CatalogueService> logger)
{
    private const string Partition = "catalogue";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly TableClient table = clients.Table(StorageNames.CataloguesTable);
    private readonly BlobContainerClient blobs = clients.Container(StorageNames.CataloguesContainer);

    public async Task<Catalogue> PublishAsync(Period period, CancellationToken cancellationToken)
    {
        var current = Period.Of(time.GetUtcNow());
        if (period.Start > current.Start)
        {
            throw new ProblemException(new Problem(422, "period.future", $"{period} 尚未开始，不能发布该期人才需求目录",
                $"{period} has not begun (it is {current} in Beijing); a catalogue can be published for the current or a past month only."));
        }

        var posts = new List<Vacancy>();
        await foreach (var vacancy in vacancies.ReadAllAsync(cancellationToken))
        {
            posts.Add(vacancy);
        }

        var people = new List<GraduateProfile>();
        await foreach (var graduate in graduates.ReadAllAsync(withPersonalData: false, cancellationToken))
        {
            people.Add(graduate);
        }

        var catalogue = CatalogueBuilder.Build(period, posts, people, time.GetUtcNow());
        var name = period.ToString();
        await blobs.GetBlobClient(name + ".json").UploadAsync(BinaryData.FromObjectAsJson(catalogue, Json),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" } }, cancellationToken);
        await blobs.GetBlobClient(name + ".html").UploadAsync(BinaryData.FromString(CataloguePage.Render(catalogue)),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "text/html; charset=utf-8" } }, cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(Partition, name)
        {
            ["PublishedAt"] = catalogue.PublishedAt,
            ["Posts"] = catalogue.Overall.Posts,
            ["Headcount"] = catalogue.Overall.Headcount,
            ["Employers"] = catalogue.Overall.Employers,
        }, TableUpdateMode.Replace, cancellationToken);
        logger.LogInformation("Catalogue {Period} published: {Posts} posts, {Headcount} openings", name, catalogue.Overall.Posts, catalogue.Overall.Headcount);
        return catalogue;
    }

    public async Task<IReadOnlyList<CatalogueSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var list = new List<CatalogueSummary>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
        {
            list.Add(new CatalogueSummary(e.RowKey, e.GetDateTimeOffset("PublishedAt") ?? default, e.GetInt32("Posts") ?? 0, Number(e, "Headcount"), e.GetInt32("Employers") ?? 0));
        }

        return list.OrderByDescending(c => c.Period, StringComparer.Ordinal).ToList();
    }

    /// <summary>The newest published period that has begun: one partition query of at most one row per month.
    /// (A future period stored before they were refused never takes over.)</summary>
    public async Task<string> LatestPeriodAsync(CancellationToken cancellationToken)
    {
        var current = Period.Of(time.GetUtcNow()).ToString();
        return (await ListAsync(cancellationToken)).FirstOrDefault(c => string.CompareOrdinal(c.Period, current) <= 0)?.Period
        ?? throw new ProblemException(Problem.NotFound("catalogue.none", "尚未发布人才需求目录", "No catalogue has been published yet."));
    }

    /// <summary>Withdraws a published period: its summary row first, so the list and /latest stop showing it at
    /// once, then its documents. Safe to repeat after a failure part-way. False if nothing was published for it.</summary>
    public async Task<bool> WithdrawAsync(Period period, CancellationToken cancellationToken)
    {
        var name = period.ToString();
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, name, select: ["PartitionKey"], cancellationToken: cancellationToken);
        var document = await blobs.GetBlobClient(name + ".json").ExistsAsync(cancellationToken);
        if (!row.HasValue && !document.Value)
        {
            return false;
        }

        await table.DeleteEntityAsync(Partition, name, ETag.All, cancellationToken);
        await blobs.GetBlobClient(name + ".json").DeleteIfExistsAsync(cancellationToken: cancellationToken);
        await blobs.GetBlobClient(name + ".html").DeleteIfExistsAsync(cancellationToken: cancellationToken);
        logger.LogInformation("Catalogue {Period} withdrawn", name);
        return true;
    }

    public async Task<Catalogue> GetAsync(Period period, CancellationToken cancellationToken) =>
        (await ReadAsync(period, ".json", cancellationToken)).ToObjectFromJson<Catalogue>(Json)!;

    public async Task<string> GetPageAsync(Period period, CancellationToken cancellationToken) =>
        (await ReadAsync(period, ".html", cancellationToken)).ToString();

    /// <summary>Summaries written before headcounts were 64-bit hold Int32.</summary>
    private static long Number(TableEntity entity, string name) => entity.TryGetValue(name, out var value) && value is not null
        ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)
        : 0;

    private async Task<BinaryData> ReadAsync(Period period, string suffix, CancellationToken cancellationToken)
    {
        try
        {
            return (await blobs.GetBlobClient(period + suffix).DownloadContentAsync(cancellationToken)).Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new ProblemException(Problem.NotFound("catalogue.not_found", $"{period} 的人才需求目录尚未发布", $"No catalogue has been published for {period}."));
        }
    }
}
