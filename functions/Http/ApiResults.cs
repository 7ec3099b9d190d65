using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Liuhu.Core.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Liuhu.Functions.Http;

/// <summary>Results written straight to the response, so the Functions host and the dev host produce the
/// same bytes without depending on MVC's formatters.</summary>
public sealed class JsonBodyResult(int status, object? body, string contentType = "application/json; charset=utf-8") : IActionResult
{
    public static readonly JsonSerializerOptions Options = CreateOptions();

    public int Status { get; } = status;

    public object? Body { get; } = body;

    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = Status;
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }

        if (Body is null)
        {
            return;
        }

        response.ContentType = contentType;
        await JsonSerializer.SerializeAsync(response.Body, Body, Body.GetType(), Options, context.HttpContext.RequestAborted);
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            // Chinese text stays readable in responses; the content type says UTF-8.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return options;
    }
}

public static class ApiResults
{
    public static JsonBodyResult Ok(object body) => new(StatusCodes.Status200OK, body);

    public static JsonBodyResult Accepted(object body, string location)
    {
        var result = new JsonBodyResult(StatusCodes.Status202Accepted, body);
        result.Headers["Location"] = location;
        return result;
    }

    public static JsonBodyResult Created(object body, string location)
    {
        var result = new JsonBodyResult(StatusCodes.Status201Created, body);
        result.Headers["Location"] = location;
        return result;
    }

    public static JsonBodyResult NoContent() => new(StatusCodes.Status204NoContent, null);

    public static JsonBodyResult Problem(Problem problem, string? instance = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var body = new Dictionary<string, object?>
        {
            ["type"] = problem.Type,
            ["title"] = problem.Title,
            ["status"] = problem.Status,
            ["detail"] = problem.Detail,
            ["code"] = problem.Code,
            ["instance"] = instance,
        };
        if (problem.Errors is { Count: > 0 } errors)
        {
            body["errors"] = errors;
        }

        var result = new JsonBodyResult(problem.Status, body, "application/problem+json; charset=utf-8");
        if (problem.Status == StatusCodes.Status401Unauthorized)
        {
            result.Headers["WWW-Authenticate"] = $"ApiKey header=\"{Core.Access.ApiKeys.Header}\"";
        }

        if (problem.RetryAfterSeconds is { } seconds)
        {
            result.Headers["Retry-After"] = ClientRateLimiter.Seconds(seconds);
        }

        return result;
    }
}

/// <summary>A text body (a document or a page) with its content type.</summary>
public sealed class TextBodyResult(string body, string contentType) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.HttpContext.Response.StatusCode = StatusCodes.Status200OK;
        context.HttpContext.Response.ContentType = contentType;
        await context.HttpContext.Response.WriteAsync(body, context.HttpContext.RequestAborted);
    }
}

/// <summary>A file download (the catalogue's CSV).</summary>
public sealed class FileBodyResult(byte[] body, string contentType, string fileName) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        await response.Body.WriteAsync(body, context.HttpContext.RequestAborted);
    }
}
