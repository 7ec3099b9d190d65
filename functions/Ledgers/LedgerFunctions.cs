using System.Text.Json;
using Liuhu.Core.Ingestion;
using Liuhu.Core.Problems;
using Liuhu.Core.Storage;
using Liuhu.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Liuhu.Functions.Ledgers;

public sealed class LedgerFunctions(LedgerUploadService uploads, LedgerProcessor processor, ILedgerStore ledgers, ILogger<LedgerFunctions> logger)
{
    [Function(nameof(UploadVacancyLedger))]
    public Task<IActionResult> UploadVacancyLedger(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "ledgers")] HttpRequest request,
        CancellationToken cancellationToken) =>
        ProblemBoundary.RunAsync(request, logger, () => SubmitAsync(LedgerKind.Vacancy, request, cancellationToken));

    [Function(nameof(UploadGraduateLedger))]
    public Task<IActionResult> UploadGraduateLedger(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "graduate-ledgers")] HttpRequest request,
        CancellationToken cancellationToken) =>
        ProblemBoundary.RunAsync(request, logger, () => SubmitAsync(LedgerKind.Graduate, request, cancellationToken));

    [Function(nameof(GetLedger))]
    public Task<IActionResult> GetLedger(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "ledgers/{ledgerId}")] HttpRequest request,
        string ledgerId,
        CancellationToken cancellationToken) =>
        ProblemBoundary.RunAsync(request, logger, async () =>
        {
            var status = await ledgers.GetStatusAsync(ledgerId, cancellationToken)
                ?? throw new ProblemException(Problem.NotFound("ledger.not_found", "未找到该台账", $"No ledger with id '{ledgerId}'."));
            var report = status.State == LedgerState.Completed ? await ledgers.GetReportAsync(ledgerId, cancellationToken) : LedgerReport.Empty;
            return ApiResults.Ok(LedgerViews.Status(status, report));
        });

    [Function(nameof(ProcessLedger))]
    public async Task ProcessLedger([QueueTrigger(StorageNames.LedgerQueue)] string message, CancellationToken cancellationToken)
    {
        // A message that is not a LedgerMessage fails here and, after the host's retries, lands in the poison queue.
        var work = JsonSerializer.Deserialize<LedgerMessage>(message, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException("Empty ledger message.");
        await processor.ProcessAsync(work, cancellationToken);
    }

    private async Task<IActionResult> SubmitAsync(LedgerKind kind, HttpRequest request, CancellationToken cancellationToken)
    {
        var fileName = request.Query["fileName"].FirstOrDefault() ?? request.Headers["X-File-Name"].FirstOrDefault();
        var status = await uploads.SubmitAsync(kind, request.Body, fileName, cancellationToken);
        var statusUrl = $"{request.Scheme}://{request.Host}{request.PathBase}/api/ledgers/{status.LedgerId}";
        return ApiResults.Accepted(new { status.LedgerId, statusUrl, status.State, status.RowsTotal }, statusUrl);
    }
}
