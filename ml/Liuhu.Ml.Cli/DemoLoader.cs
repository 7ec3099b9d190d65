using System.Net.Http.Json;
using System.Text.Json;
using Liuhu.Core.Outcomes;

namespace Liuhu.Ml.Cli;

/// <summary>Loads files into a running API through its public endpoints, as the bureau's HR system would: with
/// the bureau's API key (LIUHU_API_KEY), filing simulated graduates under a demo university.</summary>
public sealed class DemoLoader
{
    /// <summary>The demo university's code (内蒙古大学's 学校标识码), under which simulated graduates are filed.</summary>
    public const string DemoUniversityCode = "4115010126";

    /// <summary>How long one ledger may take to be processed before the load gives up.</summary>
    private static readonly TimeSpan LedgerWait = TimeSpan.FromMinutes(30);

    private readonly HttpClient http;

    public DemoLoader(Uri api, string? apiKey)
    {
        http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromMinutes(5) };
        if (!string.IsNullOrEmpty(apiKey))
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }
    }

    public async Task UploadAsync(string route, string file)
    {
        var query = route == "graduate-ledgers" ? $"&universityCode={DemoUniversityCode}" : string.Empty;
        var response = await http.PostAsync($"{route}?fileName={Uri.EscapeDataString(Path.GetFileName(file))}{query}", new ByteArrayContent(await File.ReadAllBytesAsync(file)));
        response.EnsureSuccessStatusCode();
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();

        // Links point at the API's public address; the path is what this client follows.
        var status = new Uri(http.BaseAddress!, new Uri(accepted.GetProperty("statusUrl").GetString()!, UriKind.RelativeOrAbsolute).IsAbsoluteUri
            ? new Uri(accepted.GetProperty("statusUrl").GetString()!).AbsolutePath
            : accepted.GetProperty("statusUrl").GetString()!);
        // A 50,000-row ledger on a loaded machine takes minutes, and its status read may itself time out on storage
        // (503): that is asked again, not taken as the end of the load.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < LedgerWait)
        {
            using var poll = await http.GetAsync(status);
            if (poll.StatusCode is not (System.Net.HttpStatusCode.ServiceUnavailable or System.Net.HttpStatusCode.TooManyRequests))
            {
                poll.EnsureSuccessStatusCode();
                var state = (await poll.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString();
                if (state is "completed" or "failed")
                {
                    Console.Error.WriteLine($"{Path.GetFileName(file)}: {state} after {waited.Elapsed.TotalSeconds:0} s");
                    return;
                }
            }

            await Task.Delay(1000);
        }

        throw new TimeoutException($"{file} was not processed in {LedgerWait.TotalMinutes:0} minutes.");
    }

    public async Task PostOutcomesAsync(IReadOnlyList<Outcome> outcomes, IProgress<double> progress)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        for (var i = 0; i < outcomes.Count; i += 1000)
        {
            var batch = outcomes.Skip(i).Take(1000).Select(o => new { graduateId = $"{DemoUniversityCode}-{o.GraduateId}", vacancyId = o.VacancyId, @event = o.Event.ToString().ToLowerInvariant(), at = o.At });
            await SendRetryingAsync(() => http.PostAsJsonAsync("outcomes", batch));
            progress.Report((i + 1000.0) / outcomes.Count);
        }

        progress.Report(1);
    }

    /// <summary>A large market is loaded on a machine the API shares: storage that times out under the load answers
    /// 503 (and a busy limiter 429), both with Retry-After; the outcomes are recorded idempotently, so the batch is sent
    /// again, up to ten times, instead of losing the whole load to one slow moment.</summary>
    private static async Task SendRetryingAsync(Func<Task<HttpResponseMessage>> send)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await send();
            if (attempt >= 10 || response.StatusCode is not (System.Net.HttpStatusCode.ServiceUnavailable or System.Net.HttpStatusCode.TooManyRequests))
            {
                response.EnsureSuccessStatusCode();
                return;
            }

            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(5));
        }
    }

    public async Task<string> TrainAsync()
    {
        (await http.PostAsync("manage/model/train", null)).EnsureSuccessStatusCode();
        for (var i = 0; i < 600; i++)
        {
            var model = await http.GetFromJsonAsync<JsonElement>("manage/model");
            if (model.TryGetProperty("lastRun", out var run) && run.ValueKind == JsonValueKind.Object)
            {
                return model.GetProperty("version").GetString() + (run.TryGetProperty("note", out var note) ? $" ({note.GetString()})" : string.Empty);
            }

            await Task.Delay(1000);
        }

        throw new TimeoutException("Training did not finish in 10 minutes.");
    }
}
