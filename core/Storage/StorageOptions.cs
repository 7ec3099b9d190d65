namespace Liuhu.Core.Storage;

/// <summary>Where Liuhu's tables, queues and blobs live. Read from the same setting the Functions host uses,
/// <c>AzureWebJobsStorage</c>: a connection string (Azurite, local use) or, in Azure, the identity-based form
/// <c>AzureWebJobsStorage__tableServiceUri</c>, <c>__queueServiceUri</c>, <c>__blobServiceUri</c> and
/// optionally <c>__clientId</c> for a user-assigned managed identity. Production needs no keys.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "AzureWebJobsStorage";

    public string? ConnectionString { get; set; }

    public Uri? TableServiceUri { get; set; }

    public Uri? QueueServiceUri { get; set; }

    public Uri? BlobServiceUri { get; set; }

    public string? ClientId { get; set; }

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
    public const string CataloguesContainer = "catalogues";
    public const string LedgerQueue = "ledger-ingest";
    public const string TrainingQueue = "model-train";
    public const string UploadsContainer = "ledger-uploads";
    public const string ReportsContainer = "ledger-reports";
    public const string RejectsContainer = "ledger-rejects";
    public const string ModelsContainer = "models";

    public static readonly string[] Tables = [VacanciesTable, LedgersTable, GraduatesTable, OutcomesTable, AuditTable, CataloguesTable,
        OrganisationsTable, CredentialsTable, AccessLogTable, PseudonymsTable];
    public static readonly string[] Queues = [LedgerQueue, LedgerQueue + "-poison", TrainingQueue, TrainingQueue + "-poison"];
    public static readonly string[] Containers = [UploadsContainer, ReportsContainer, RejectsContainer, ModelsContainer, CataloguesContainer];
}
