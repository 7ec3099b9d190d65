using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Liuhu.Functions.Http;

/// <summary>Settings of the API's own address (section "Api").</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>The public origin links are built on, e.g. https://api.liuhu.example; empty to use the platform's host name.</summary>
    public string? PublicBaseUrl { get; set; }

    public bool IsValid => string.IsNullOrEmpty(PublicBaseUrl)
        || (Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http");
}

/// <summary>Absolute links the API hands out (a ledger's status URL, Location headers). Built from configuration,
/// never from the request's Host header, which the caller controls: Api:PublicBaseUrl when set, else the
/// platform's WEBSITE_HOSTNAME in Azure, else a path relative to the API's own origin.</summary>
public sealed class PublicLinks(IOptions<ApiOptions> options, IConfiguration configuration)
{
    private readonly string origin = options.Value.PublicBaseUrl is { Length: > 0 } configured
        ? configured.TrimEnd('/')
        : configuration["WEBSITE_HOSTNAME"] is { Length: > 0 } host ? $"https://{host}" : string.Empty;

    public string To(string pathUnderApi) => $"{origin}/api/{pathUnderApi.TrimStart('/')}";
}
