using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Liuhu.Core.Telemetry;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Liuhu.Functions;

public static class Telemetry
{
    /// <summary>OpenTelemetry traces (with the host's correlation ids) and Liuhu's metrics, sent to Application
    /// Insights with the managed identity when a connection string is configured; nothing is exported locally.</summary>
    public static IServiceCollection AddLiuhuTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var telemetry = services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing => tracing.AddSource(LiuhuMetrics.Name).AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics.AddMeter(LiuhuMetrics.Name));
        if (!string.IsNullOrWhiteSpace(configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
        {
            // Application Insights has local (key) authentication disabled: telemetry is sent with Entra ID.
            var clientId = configuration["AzureWebJobsStorage:clientId"];
            telemetry.UseAzureMonitorExporter(options => options.Credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId }));
        }

        return services;
    }
}
