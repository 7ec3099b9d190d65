using Microsoft.Extensions.Configuration;

namespace Liuhu.DevHost.Tests;

public class HostJsonTests
{
    [Fact]
    public void Load_ShippedHostJson_QueueSemantics()
    {
        var host = HostJson.Load(Path.Combine(AppContext.BaseDirectory, "host.json"));
        Assert.Equal(("api", 5, TimeSpan.FromSeconds(10)), (host.RoutePrefix, host.MaxDequeueCount, host.VisibilityTimeout));
    }

    [Fact]
    public void LedgerLimits_ProcessingWindow_CoversEveryRetryTheShippedHostMakes()
    {
        // A ledger is reported failed once MaxProcessingMinutes have passed since its upload; the host must have
        // given up on its message by then: maxDequeueCount attempts, each up to functionTimeout, with
        // visibilityTimeout between them.
        var path = Path.Combine(AppContext.BaseDirectory, "host.json");
        var host = HostJson.Load(path);
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        var functionTimeout = TimeSpan.Parse(document.RootElement.GetProperty("functionTimeout").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var retries = host.MaxDequeueCount * (functionTimeout + host.VisibilityTimeout);
        Assert.True(TimeSpan.FromMinutes(new Liuhu.Core.Ledgers.LedgerLimits().MaxProcessingMinutes) >= retries, $"the host may still be retrying after {retries}");
    }

    [Fact]
    public void Load_NoFile_FunctionsHostDefaults()
    {
        var host = HostJson.Load("/nonexistent/host.json");
        Assert.Equal((5, TimeSpan.Zero, TimeSpan.FromMinutes(1)), (host.MaxDequeueCount, host.VisibilityTimeout, host.MaxPollingInterval));
    }

    [Fact]
    public void Parse_ScheduleFromSetting_SixFieldNcrontab()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["CatalogueSchedule"] = "0 30 1 1 * *" }).Build();
        var schedule = TimerTriggerScheduler.Parse("%CatalogueSchedule%", configuration);
        Assert.Equal(new DateTime(2024, 4, 1, 1, 30, 0), schedule.GetNextOccurrence(new DateTime(2024, 3, 15)));
    }

    [Fact]
    public void Parse_MissingSetting_Throws() =>
        Assert.Throws<InvalidOperationException>(() => TimerTriggerScheduler.Parse("%Missing%", new ConfigurationBuilder().Build()));
}
