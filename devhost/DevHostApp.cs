using System.Reflection;
using System.Text.Json;
using Liuhu.Functions.Ledgers;
using Liuhu.Functions;

namespace Liuhu.DevHost;

/// <summary>Runs the Functions app's function classes without Azure Functions Core Tools, for local use and
/// tests. Production is Azure Functions; this mirrors its bindings (see README).</summary>
public static class DevHostApp
{
    public static Assembly FunctionsAssembly => typeof(LedgerFunctions).Assembly;

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        AddLocalSettings(builder.Configuration);

        // The schedules the templates in infra/ set, for local settings files written before the setting existed.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?> { ["CatalogueSchedule"] = "0 0 1 1 * *", ["ProgressSchedule"] = "0 */5 * * * *" },
        });

        // One line per request is noise in a terminal; the functions log what matters.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var functions = FunctionCatalog.Discover(FunctionsAssembly);
        builder.Services.AddLiuhuFunctions(builder.Configuration);
        builder.Services.AddCors();
        builder.Services.AddSingleton(HostJson.Load(Path.Combine(AppContext.BaseDirectory, "host.json")));
        builder.Services.AddSingleton(functions);
        builder.Services.AddHostedService<QueueTriggerListener>();
        builder.Services.AddHostedService<TimerTriggerScheduler>();

        // Last, so that tests can replace settings and services (for example a shorter host.json retry delay).
        configure?.Invoke(builder);

        var app = builder.Build();

        // In Azure, CORS is the platform's (site config, set by infra/); here the same origins come from settings.
        var origins = app.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
        app.UseCors(policy => policy.WithOrigins(origins).AllowAnyHeader().AllowAnyMethod());
        var hostJson = app.Services.GetRequiredService<HostJson>();
        HttpTriggerEndpoints.Map(app, functions, hostJson);
        app.Lifetime.ApplicationStarted.Register(() => PrintFunctions(app, functions, hostJson));
        return app;
    }

    /// <summary>Reads functions/local.settings.json's Values, as Core Tools does; environment variables win.</summary>
    private static void AddLocalSettings(ConfigurationManager configuration)
    {
        var path = configuration["LocalSettings"] ?? Path.Combine(AppContext.BaseDirectory, "local.settings.json");
        if (!File.Exists(path))
        {
            return;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        if (!document.RootElement.TryGetProperty("Values", out var values))
        {
            return;
        }

        var settings = values.EnumerateObject().ToDictionary(p => p.Name.Replace("__", ":", StringComparison.Ordinal), p => (string?)p.Value.ToString());
        configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = settings });
    }

    private static void PrintFunctions(WebApplication app, IReadOnlyList<FunctionDescriptor> functions, HostJson hostJson)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Liuhu.DevHost");
        var address = app.Urls.FirstOrDefault() ?? "http://localhost:7071";
        foreach (var function in functions)
        {
            var where = function.Trigger switch
            {
                TriggerKind.Http => $"[{string.Join(",", function.HttpMethods!).ToUpperInvariant()}] {address}/{hostJson.RoutePrefix}/{function.Route}",
                TriggerKind.Queue => $"queue {function.QueueName}",
                _ => $"timer {function.Schedule}",
            };
            logger.LogInformation("{Function}: {Where}", function.Name, where);
        }
    }
}
