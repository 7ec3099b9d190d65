using System.ComponentModel.DataAnnotations;

namespace Liuhu.Core.Storage;

/// <summary>Where Liuhu's tables, queues and blobs live. Read from the same setting the Functions host uses,
/// <c>AzureWebJobsStorage</c>: a connection string (Azurite, local use) or, in Azure, the identity-based form
/// <c>AzureWebJobsStorage__tableServiceUri</c>, <c>__queueServiceUri</c>, <c>__blobServiceUri</c> and
/// optionally <c>__clientId</c> for a user-assigned managed identity. Production needs no keys.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "AzureWebJobsStorage";

    /// <summary>Where the retry and timeout bounds are set: <c>Storage:MaxRetries</c>, <c>Storage:NetworkTimeout</c> ….</summary>
    public const string BoundsSectionName = "Storage";

    public string? ConnectionString { get; set; }

    public Uri? TableServiceUri { get; set; }

    public Uri? QueueServiceUri { get; set; }

    public Uri? BlobServiceUri { get; set; }

    public string? ClientId { get; set; }

    /// <summary>Retries per storage call after the first try. Few, so that when storage is down a request fails
    /// within seconds with a 503 the caller can retry, rather than holding the caller for half a minute; queue
    /// handlers have their own retries (host.json) on top.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>First retry delay; later ones double (with the SDK's jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one try may wait for storage to answer (the SDK's default is 100 s, which is what let a
    /// hung endpoint hold requests). Storage answers in milliseconds; a 100-entity batch well within this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:40")]
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public bool UsesConnectionString => !string.IsNullOrWhiteSpace(ConnectionString);

    public bool IsComplete => UsesConnectionString || (TableServiceUri is not null && QueueServiceUri is not null && BlobServiceUri is not null);
}

/// <summary>Names of the storage resources, in one place.</summary>
public static class StorageNames
{
    public const string VacanciesTable = "Vacancies";
    public const string LedgersTable = "Ledgers";
    public const string GraduatesTable = "Graduates";
    public const string OutcomesTable = "Outcomes";
    public const string AuditTable = "Audit";
    public const string CataloguesTable = "Catalogues";
    public const string OrganisationsTable = "Organisations";
    public const string CredentialsTable = "Credentials";
    public const string AccessLogTable = "AccessLog";
    public const string PseudonymsTable = "Pseudonyms";
    public const string PoliciesTable = "Policies";
    public const string ImpressionsTable = "Impressions";
    public const string FairsTable = "Fairs";
    public const string EmploymentTable = "Employment";
    public const string ActivityTable = "ActivityFigures";
    public const string CataloguesContainer = "catalogues";
    public const string LedgerQueue = "ledger-ingest";

    /// <summary>Where the host moves a ledger message that failed maxDequeueCount times (host.json).</summary>
    public const string LedgerPoisonQueue = LedgerQueue + "-poison";
    public const string TrainingQueue = "model-train";
    public const string UploadsContainer = "ledger-uploads";
    public const string ReportsContainer = "ledger-reports";
    public const string RejectsContainer = "ledger-rejects";
    public const string ModelsContainer = "models";
    public const string ProgrammeContainer = "programme";
    public const string ProgressQueue = "progress-refresh";

    public static readonly string[] Tables = [VacanciesTable, LedgersTable, GraduatesTable, OutcomesTable, AuditTable, CataloguesTable,
        OrganisationsTable, CredentialsTable, AccessLogTable, PseudonymsTable, PoliciesTable, ImpressionsTable, FairsTable, EmploymentTable, ActivityTable];
    public static readonly string[] Queues = [LedgerQueue, LedgerPoisonQueue, TrainingQueue, TrainingQueue + "-poison", ProgressQueue, ProgressQueue + "-poison"];
    public static readonly string[] Containers = [UploadsContainer, ReportsContainer, ModelsContainer, CataloguesContainer, ProgrammeContainer, RejectsContainer];
}
