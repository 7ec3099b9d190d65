using System.Net.Http.Json;
using System.Text.Json;
using Liuhu.Core.Outcomes;

namespace Liuhu.Ml.Cli;

/// <summary>Loads files into a running API through its public endpoints, as an HR system would.</summary>
public sealed class DemoLoader(Uri api)
{
    private readonly HttpClient http = new() { BaseAddress = api, Timeout = TimeSpan.FromMinutes(5) };

    public async Task UploadAsync(string route, string file)
    {
        var response = await http.PostAsync($"{route}?fileName={Uri.EscapeDataString(Path.GetFileName(file))}", new ByteArrayContent(await File.ReadAllBytesAsync(file)));
        response.EnsureSuccessStatusCode();
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        var status = new Uri(accepted.GetProperty("statusUrl").GetString()!);
        for (var i = 0; i < 600; i++)
        {
            var state = (await http.GetFromJsonAsync<JsonElement>(status)).GetProperty("state").GetString();
            if (state is "completed" or "failed")
            {
                Console.Error.WriteLine($"{Path.GetFileName(file)}: {state}");
                return;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"{file} was not processed in 5 minutes.");
    }

    public async Task PostOutcomesAsync(IReadOnlyList<Outcome> outcomes, IProgress<double> progress)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        for (var i = 0; i < outcomes.Count; i += 1000)
        {
            var batch = outcomes.Skip(i).Take(1000).Select(o => new { graduateId = o.GraduateId, vacancyId = o.VacancyId, @event = o.Event.ToString().ToLowerInvariant(), at = o.At });
            (await http.PostAsJsonAsync("outcomes", batch)).EnsureSuccessStatusCode();
            progress.Report((i + 1000.0) / outcomes.Count);
        }

        progress.Report(1);
    }

    public async Task<string> TrainAsync()
    {
        (await http.PostAsync("admin/model/train", null)).EnsureSuccessStatusCode();
        for (var i = 0; i < 600; i++)
        {
            var model = await http.GetFromJsonAsync<JsonElement>("admin/model");
            if (model.TryGetProperty("lastRun", out var run) && run.ValueKind == JsonValueKind.Object)
            {
                return model.GetProperty("version").GetString() + (run.TryGetProperty("note", out var note) ? $" ({note.GetString()})" : string.Empty);
            }

            await Task.Delay(1000);
        }

        throw new TimeoutException("Training did not finish in 10 minutes.");
    }
}
