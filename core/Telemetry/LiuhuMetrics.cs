using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Liuhu.Core.Telemetry;

/// <summary>Liuhu's own metrics and traces (exported by OpenTelemetry to Application Insights in Azure). Tags
/// carry kinds, states and versions only: never ids of people, names or phone numbers.</summary>
public sealed class LiuhuMetrics : IDisposable
{
    public const string Name = "Liuhu";

    public static readonly ActivitySource Activities = new(Name);

    private readonly Meter meter;

    public LiuhuMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        meter = meters.Create(Name);
        LedgersIngested = meter.CreateCounter<long>("liuhu.ledgers.ingested", description: "Ledgers processed, by kind and final state");
        RowsAccepted = meter.CreateCounter<long>("liuhu.ledger.rows.accepted", description: "Ledger rows stored");
        RowsRejected = meter.CreateCounter<long>("liuhu.ledger.rows.rejected", description: "Ledger rows rejected with a row error");
        MatchLatency = meter.CreateHistogram<double>("liuhu.match.duration", unit: "ms", description: "Time to rank posts for one graduate, by model version");
        ModelsTrained = meter.CreateCounter<long>("liuhu.model.trained", description: "Training runs, by whether the model was promoted");
    }

    public Counter<long> LedgersIngested { get; }

    public Counter<long> RowsAccepted { get; }

    public Counter<long> RowsRejected { get; }

    public Histogram<double> MatchLatency { get; }

    public Counter<long> ModelsTrained { get; }

    public void Dispose() => meter.Dispose();
}
