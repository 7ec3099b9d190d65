using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Liuhu.DevHost.Tests;

public static class ApiClientExtensions
{
    /// <summary>Uploads a ledger, expects 202, and polls its status URL until it is completed or failed.</summary>
    public static async Task<JsonElement> UploadAndWaitAsync(this HttpClient client, string route, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(client);
        var response = await client.PostAsync(route, new ByteArrayContent(content));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        var statusUrl = accepted.GetProperty("statusUrl").GetString()!;
        Assert.Equal(statusUrl, response.Headers.Location!.ToString());

        // Links point at the configured public address; the same path is served here.
        Assert.StartsWith(DevHostFixture.PublicBaseUrl + "/api/ledgers/", statusUrl, StringComparison.Ordinal);
        statusUrl = new Uri(statusUrl).AbsolutePath;
        for (var i = 0; i < 300; i++)
        {
            var status = await client.GetFromJsonAsync<JsonElement>(statusUrl);
            if (status.GetProperty("state").GetString() is "completed" or "failed")
            {
                return status;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The ledger was not processed within 30 s.");
    }
}
