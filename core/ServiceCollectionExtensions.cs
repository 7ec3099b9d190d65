using Liuhu.Core.Graduates;
using Liuhu.Core.Ingestion;
using Liuhu.Core.Ledgers;
using Liuhu.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Liuhu.Core;

public static class ServiceCollectionExtensions
{
    /// <summary>Everything the Functions app and the dev host share: options (validated on start), storage,
    /// ingestion. Both hosts call this, so they behave the same.</summary>
    public static IServiceCollection AddLiuhuCore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<StorageOptions>()
            .Configure(o => BindStorage(configuration, o))
            .ValidateDataAnnotations()
            .Validate(o => o.RetryDelay <= o.MaxRetryDelay, "AzureWebJobsStorage:RetryDelay must not exceed AzureWebJobsStorage:MaxRetryDelay.")
            .Validate(o => o.IsComplete, "AzureWebJobsStorage must be a connection string, or set AzureWebJobsStorage__tableServiceUri, __queueServiceUri and __blobServiceUri.")
            .ValidateOnStart();
        services.AddOptions<LedgerLimits>().BindConfiguration(LedgerLimits.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PersonalDataOptions>().BindConfiguration(PersonalDataOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => PersonalDataProtector.IsValidKey(o.EncryptionKey), "PersonalData:EncryptionKey must be base64 of 32 random bytes.")
            .ValidateOnStart();

        services.AddOptions<Access.AccessOptions>().BindConfiguration(Access.AccessOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Access.TableAccessStore>();
        services.AddSingleton<Access.AccessService>();
        services.AddSingleton<Access.DerivedKeys>();
        services.AddSingleton<Access.GraduateTokens>();
        services.AddSingleton<Access.CandidateHandles>();
        services.AddSingleton<Audit.AccessLog>();
        services.AddSingleton<Audit.AuditRetention>();
        services.AddOptions<Audit.AuditOptions>().BindConfiguration(Audit.AuditOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<GraduatePseudonyms>();
        services.AddSingleton<GraduateErasure>();

        services.AddMetrics();
        services.AddSingleton<Telemetry.LiuhuMetrics>();
        services.AddSingleton<StorageClients>();
        services.AddSingleton<StorageHealth>();
        services.AddSingleton<IPersonalDataProtector, PersonalDataProtector>();
        // The stores progress is computed from send a change notice after each write (Programme/ProgressNotifying*).
        services.AddSingleton<TableVacancyStore>();
        services.AddSingleton<IVacancyStore, Programme.ProgressNotifyingVacancyStore>();
        services.AddSingleton<ILedgerStore, TableLedgerStore>();
        services.AddSingleton<GraduateProfileVersions>();
        services.AddSingleton<TableGraduateStore>();
        services.AddSingleton<IGraduateStore, Programme.ProgressNotifyingGraduateStore>();
        services.AddSingleton<Outcomes.TableOutcomeStore>();
        services.AddSingleton<Outcomes.IOutcomeStore, Programme.ProgressNotifyingOutcomeStore>();
        services.AddSingleton<Programme.TableEmploymentStore>();
        services.AddSingleton<Programme.IEmploymentStore, Programme.ProgressNotifyingEmploymentStore>();
        services.AddSingleton<Programme.TableActivityStore>();
        services.AddSingleton<Programme.IActivityStore, Programme.ProgressNotifyingActivityStore>();
        // Job fairs recorded in Liuhu register their own source; until then the fair indicators count entered figures.
        services.AddSingleton<Programme.EmploymentService>();
        services.AddSingleton<Programme.ActivityService>();
        services.AddSingleton<Programme.MonthlyProgress>();
        services.AddSingleton<Audit.ICandidateViewAudit, Audit.TableCandidateViewAudit>();
        services.AddSingleton<Catalogues.CatalogueService>();
        services.AddSingleton<Programme.ProgressService>();
        services.AddSingleton<Programme.ProgressStore>();
        services.AddSingleton<Programme.ProgressRefreshQueue>();
        services.AddOptions<Programme.ProgressOptions>().BindConfiguration(Programme.ProgressOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Programme.ProgrammeOptions>().BindConfiguration(Programme.ProgrammeOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.Stretch >= o.Goal, "Programme:Stretch must be at least Programme:Goal.").ValidateOnStart();
        services.AddSingleton<Fairs.TableFairStore>();
        services.AddSingleton<Fairs.FairService>();
        services.AddSingleton<Programme.IFairActivitySource, Fairs.FairActivitySource>();
        services.AddOptions<Fairs.FairOptions>().BindConfiguration(Fairs.FairOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LedgerUploadService>();
        services.AddSingleton<LedgerProcessor>();
        services.AddSingleton<LedgerQueries>();
        services.AddOptions<RejectedRowsOptions>().BindConfiguration(RejectedRowsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IRejectedRowStore, BlobRejectedRowStore>();
        services.AddSingleton<RejectedRowService>();
        services.AddSingleton<GraduateService>();
        services.AddHostedService<StorageInitializer>();
        services.AddOptions<Policies.PolicyOptions>().BindConfiguration(Policies.PolicyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Policies.TablePolicyStore>();
        services.AddSingleton<Policies.PolicyService>();
        services.AddSingleton<Policies.PolicySeeder>();
        services.AddHostedService(sp => sp.GetRequiredService<Policies.PolicySeeder>());
        return services;
    }

    private static void BindStorage(IConfiguration configuration, StorageOptions options)
    {
        // The retry bounds live in a section of their own: AzureWebJobsStorage is the Functions host's, and it
        // cannot have a value (a connection string) and children at once.
        var bounds = configuration.GetSection(StorageOptions.BoundsSectionName);
        options.MaxRetries = bounds.GetValue(nameof(StorageOptions.MaxRetries), options.MaxRetries);
        options.RetryDelay = bounds.GetValue(nameof(StorageOptions.RetryDelay), options.RetryDelay);
        options.MaxRetryDelay = bounds.GetValue(nameof(StorageOptions.MaxRetryDelay), options.MaxRetryDelay);
        options.NetworkTimeout = bounds.GetValue(nameof(StorageOptions.NetworkTimeout), options.NetworkTimeout);

        var section = configuration.GetSection(StorageOptions.SectionName);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            options.ConnectionString = section.Value;
            return;
        }

        options.TableServiceUri = Uri(section["tableServiceUri"]);
        options.QueueServiceUri = Uri(section["queueServiceUri"]);
        options.BlobServiceUri = Uri(section["blobServiceUri"]);
        options.ClientId = section["clientId"];
    }

    private static Uri? Uri(string? value) => string.IsNullOrWhiteSpace(value) ? null : new Uri(value);
}
