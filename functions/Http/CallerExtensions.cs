using Liuhu.Core.Access;
using Liuhu.Core.Problems;
using Microsoft.AspNetCore.Http;

namespace Liuhu.Functions.Http;

/// <summary>The caller the request pipeline authenticated, for the function to pass to its service.</summary>
public static class CallerExtensions
{
    private static readonly object Key = new();
    private static readonly object GraduateKey = new();

    internal static void SetCaller(this HttpContext context, Caller? caller, string? tokenGraduateId)
    {
        context.Items[Key] = caller;
        context.Items[GraduateKey] = tokenGraduateId;
    }

    /// <summary>The authenticated organisation; throws when the pipeline did not run or the route let in an anonymous caller.</summary>
    public static Caller Caller(this HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.HttpContext.Items.TryGetValue(Key, out var value) && value is Caller caller
            ? caller
            : throw new ProblemException(new Problem(401, "auth.required", "请提供机构凭据", $"Send your organisation's API key in the {ApiKeys.Header} header."));
    }

    /// <summary>Whether an organisation's key authenticated this request (false for the anonymous public).</summary>
    public static bool HasCaller(this HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.HttpContext.Items.TryGetValue(Key, out var value) && value is Caller;
    }

    /// <summary>The graduate a verified graduate token named (the public site's calls), else null.</summary>
    public static string? TokenGraduateId(this HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.HttpContext.Items.TryGetValue(GraduateKey, out var value) ? value as string : null;
    }
}
