using Liuhu.Core.Audit;
using Microsoft.Azure.Functions.Worker;

namespace Liuhu.Functions.Audit;

public sealed class AuditFunctions(AuditRetention retention)
{
    /// <summary>Daily at 19:45 UTC (03:45 Beijing): access records past their retention are deleted.</summary>
    [Function(nameof(PurgeExpiredAuditRecords))]
    public Task PurgeExpiredAuditRecords([TimerTrigger("0 45 19 * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        retention.PurgeExpiredAsync(cancellationToken);
}
