using Liuhu.Core.Ingestion;
using Liuhu.Core.Problems;
using Liuhu.Core.Storage;
using Liuhu.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Liuhu.Functions.Ledgers;

public sealed class LedgerFunctions(LedgerUploadService uploads, LedgerProcessor processor, LedgerQueries queries, PublicLinks links, ILogger<LedgerFunctions> logger)
{
    [Function(nameof(UploadVacancyLedger))]
    [Access(Callers.Employer | Callers.District, Audit = true)]
    public async Task<IActionResult> UploadVacancyLedger(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "ledgers")] HttpRequest request,
        CancellationToken cancellationToken) =>
        await SubmitAsync(LedgerKind.Vacancy, request, request.Query["employerCreditCode"].FirstOrDefault(), cancellationToken);

    [Function(nameof(UploadGraduateLedger))]
    [Access(Callers.University, Audit = true)]
    public async Task<IActionResult> UploadGraduateLedger(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "graduate-ledgers")] HttpRequest request,
        CancellationToken cancellationToken) =>
        await SubmitAsync(LedgerKind.Graduate, request, request.Query["universityCode"].FirstOrDefault(), cancellationToken);

    [Function(nameof(ListLedgers))]
    [Access(Callers.Employer | Callers.University | Callers.District)]
    public async Task<IActionResult> ListLedgers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ledgers")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var page = await queries.ListAsync(request.Caller(), QueryParameters.PageSize(request.Query, 50, 200), QueryParameters.Continuation(request.Query), cancellationToken);
        return ApiResults.Ok(new
        {
            Items = page.Items.Select(s => LedgerViews.Status(s, null, links)),
            ContinuationToken = ContinuationTokens.Encode(page.ContinuationToken),
        });
    }

    [Function(nameof(GetLedger))]
    [Access(Callers.Employer | Callers.University | Callers.District)]
    public async Task<IActionResult> GetLedger(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ledgers/{ledgerId}")] HttpRequest request,
        string ledgerId,
        CancellationToken cancellationToken)
    {
        var (status, report) = await queries.GetAsync(request.Caller(), ledgerId, cancellationToken);
        return ApiResults.Ok(LedgerViews.Status(status, report, links));
    }

    [Function(nameof(ProcessLedger))]
    public async Task ProcessLedger([QueueTrigger(StorageNames.LedgerQueue)] string message, CancellationToken cancellationToken)
    {
        // A message that is not a LedgerMessage fails here and, after the host's retries, lands in the poison queue.
        var work = LedgerMessage.TryParse(message) ?? throw new InvalidOperationException("The message is not a ledger message.");
        await processor.ProcessAsync(work, cancellationToken);
    }

    /// <summary>The host moved a ledger's message to the poison queue after its last retry: the ledger is
    /// failed with a reason its uploader can read and its file deleted, instead of staying "processing".</summary>
    [Function(nameof(FailPoisonedLedger))]
    public async Task FailPoisonedLedger([QueueTrigger(StorageNames.LedgerPoisonQueue)] string message, CancellationToken cancellationToken)
    {
        if (LedgerMessage.TryParse(message) is not { } work)
        {
            // Nothing names a ledger: there is nothing to fail, and the text is not logged (it came from outside).
            logger.LogWarning("A poisoned ledger message that names no ledger ({Length} characters) was dropped", message.Length);
            return;
        }

        await processor.FailPoisonedAsync(work, cancellationToken);
    }

    private async Task<IActionResult> SubmitAsync(LedgerKind kind, HttpRequest request, string? forTenant, CancellationToken cancellationToken)
    {
        var fileName = request.Query["fileName"].FirstOrDefault() ?? request.Headers["X-File-Name"].FirstOrDefault();
        var status = await uploads.SubmitAsync(kind, request.Body, fileName, request.Caller(), forTenant, cancellationToken);
        var statusUrl = links.To($"ledgers/{status.LedgerId}");
        return ApiResults.Accepted(new { status.LedgerId, statusUrl, status.State, status.RowsTotal }, statusUrl);
    }
}
