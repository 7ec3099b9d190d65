using Microsoft.Extensions.Configuration;

namespace Liuhu.Functions.Http;

/// <summary>Absolute links the API hands out (a ledger's status URL, Location headers). Built from configuration,
/// never from the request's Host header, which the caller controls: Api:PublicBaseUrl when set, else the
/// platform's WEBSITE_HOSTNAME in Azure, else a path relative to the API's own origin.</summary>
public sealed class PublicLinks(IConfiguration configuration)
{
    private readonly string origin = Origin(configuration);

    public string To(string pathUnderApi) => $"{origin}/api/{pathUnderApi.TrimStart('/')}";

    private static string Origin(IConfiguration configuration)
    {
        if (configuration["Api:PublicBaseUrl"] is { Length: > 0 } configured)
        {
            return Uri.TryCreate(configured, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
                ? configured.TrimEnd('/')
                : throw new InvalidOperationException("Api:PublicBaseUrl must be an absolute http(s) URL.");
        }

        return configuration["WEBSITE_HOSTNAME"] is { Length: > 0 } host ? $"https://{host}" : string.Empty;
    }
}
