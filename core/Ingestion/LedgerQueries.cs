using Liuhu.Core.Access;
using Liuhu.Core.Ledgers;
using Liuhu.Core.Problems;
using Liuhu.Core.Storage;
using Microsoft.Extensions.Options;

namespace Liuhu.Core.Ingestion;

/// <summary>Reading ledgers within the caller's scope: the bureau sees every ledger; another organisation the
/// ledgers it uploaded, and a university or employer also those uploaded on its behalf. Anything else answers
/// exactly as a ledger that does not exist. A ledger queued or processing past the retry window is shown as
/// failed (see <see cref="LedgerFailures.AsOf"/>).</summary>
public sealed class LedgerQueries(ILedgerStore ledgers, TimeProvider time, IOptions<LedgerLimits> limits)
{
    private TimeSpan Window => TimeSpan.FromMinutes(limits.Value.MaxProcessingMinutes);

    public async Task<Page<LedgerStatus>> ListAsync(Caller caller, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var scope = caller.Kind switch
        {
            OrganisationKind.Bureau => LedgerScope.All,
            OrganisationKind.District => LedgerScope.UploadedBy(caller.OrganisationId),
            _ => LedgerScope.ForTenant(caller.Tenant),
        };
        var page = await ledgers.ListAsync(scope, pageSize, continuationToken, cancellationToken);
        var now = time.GetUtcNow();
        return page with { Items = page.Items.Select(s => LedgerFailures.AsOf(s, now, Window)).ToList() };
    }

    public async Task<(LedgerStatus Status, LedgerReport Report)> GetAsync(Caller caller, string ledgerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var status = await ledgers.GetStatusAsync(ledgerId, cancellationToken);
        if (status is null || !Sees(caller, status))
        {
            throw new ProblemException(Problem.NotFound("ledger.not_found", "未找到该台账", $"No ledger with id '{ledgerId}'."));
        }

        status = LedgerFailures.AsOf(status, time.GetUtcNow(), Window);
        var report = status.State == LedgerState.Completed ? await ledgers.GetReportAsync(ledgerId, cancellationToken) : LedgerReport.Empty;
        return (status, report);
    }

    private static bool Sees(Caller caller, LedgerStatus status) =>
        caller.IsBureau
        || status.UploadedBy == caller.OrganisationId
        || (caller.Kind is OrganisationKind.Employer or OrganisationKind.University && status.Tenant == caller.Tenant);
}
