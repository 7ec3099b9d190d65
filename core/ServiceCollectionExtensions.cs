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
        services.AddSingleton<GraduatePseudonyms>();
        services.AddSingleton<GraduateErasure>();

        services.AddMetrics();
        services.AddSingleton<Telemetry.LiuhuMetrics>();
        services.AddSingleton<StorageClients>();
        services.AddSingleton<StorageHealth>();
        services.AddSingleton<IPersonalDataProtector, PersonalDataProtector>();
        services.AddSingleton<IVacancyStore, TableVacancyStore>();
        services.AddSingleton<ILedgerStore, TableLedgerStore>();
        services.AddSingleton<IGraduateStore, TableGraduateStore>();
        services.AddSingleton<Outcomes.IOutcomeStore, Outcomes.TableOutcomeStore>();
        services.AddSingleton<Audit.ICandidateViewAudit, Audit.TableCandidateViewAudit>();
        services.AddSingleton<Catalogues.CatalogueService>();
        services.AddSingleton<Programme.ProgressService>();
        services.AddOptions<Programme.ProgrammeOptions>().BindConfiguration(Programme.ProgrammeOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.Stretch >= o.Goal, "Programme:Stretch must be at least Programme:Goal.").ValidateOnStart();
        services.AddSingleton<LedgerUploadService>();
        services.AddSingleton<LedgerProcessor>();
        services.AddSingleton<LedgerQueries>();
        services.AddOptions<RejectedRowsOptions>().BindConfiguration(RejectedRowsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IRejectedRowStore, BlobRejectedRowStore>();
        services.AddSingleton<RejectedRowService>();
        services.AddSingleton<GraduateService>();
        services.AddHostedService<StorageInitializer>();
        return services;
    }

    private static void BindStorage(IConfiguration configuration, StorageOptions options)
    {
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
