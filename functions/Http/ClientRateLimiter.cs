using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Liuhu.Core.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Liuhu.Functions.Http;

public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimit";

    /// <summary>Requests one client address may make without a credential per window (default 120 a minute).</summary>
    [Range(1, 1_000_000)]
    public int PermitsPerWindow { get; set; } = 120;

    /// <summary>Requests one credential may make per window, per instance (default 12,000 a minute = 200 a second:
    /// the public site's one credential carries every signed-in graduate's calls).</summary>
    [Range(1, 10_000_000)]
    public int CredentialPermitsPerWindow { get; set; } = 12_000;

    [Range(1, 3_600)]
    public int WindowSeconds { get; set; } = 60;
}

/// <summary>Per-credential and, for anonymous calls, per-address limits, so one client cannot starve the rest.
/// Per instance: when Azure scales out, each instance counts alone (see the README for the global limit in front).
/// The address is the last X-Forwarded-For entry, the one the platform's front end appended (earlier ones are
/// whatever the caller sent, so trusting them would let a client pick its own bucket), else the connection's.</summary>
public sealed class ClientRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter;
    private readonly int windowSeconds;

    public ClientRateLimiter(IOptions<RateLimitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        windowSeconds = o.WindowSeconds;
        limiter = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = client.StartsWith("credential:", StringComparison.Ordinal) ? o.CredentialPermitsPerWindow : o.PermitsPerWindow,
            Window = TimeSpan.FromSeconds(o.WindowSeconds),
            QueueLimit = 0,
        }));
    }

    /// <summary>Throws a 429 problem with the seconds to wait when the client is over its limit.</summary>
    public void Enforce(HttpRequest request, string? credentialId)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var lease = limiter.AttemptAcquire(credentialId is null ? "address:" + ClientOf(request) : "credential:" + credentialId);
        if (lease.IsAcquired)
        {
            return;
        }

        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : windowSeconds;
        throw new ProblemException(new Problem(429, "rate_limited", $"请求过于频繁，请在 {retryAfter} 秒后重试",
            $"Too many requests from this client; retry after {retryAfter} s.") { RetryAfterSeconds = retryAfter });
    }

    public static string ClientOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var forwarded = request.Headers["X-Forwarded-For"].FirstOrDefault();
        if (!string.IsNullOrWhiteSpace(forwarded))
        {
            return forwarded.Split(',')[^1].Trim();
        }

        return request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    public void Dispose() => limiter.Dispose();

    internal static string Seconds(int value) => value.ToString(CultureInfo.InvariantCulture);
}
