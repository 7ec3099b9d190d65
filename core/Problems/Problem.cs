using System.Text.Json.Serialization;

namespace Liuhu.Core.Problems;

/// <summary>One row-level finding in an uploaded ledger. <see cref="Row"/> is the row number a person sees in
/// Excel (or the line of a CSV file, or the 1-based item of a JSON array).</summary>
public sealed record RowIssue(
    int? Row,
    string? Column,
    string Code,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Cell = null);

/// <summary>An RFC 7807 problem: a Chinese <see cref="Title"/> for people, an English <see cref="Detail"/>
/// and a stable English <see cref="Code"/> for programs.</summary>
public sealed record Problem(int Status, string Code, string Title, string Detail)
{
    public IReadOnlyList<RowIssue>? Errors { get; init; }

    /// <summary>For 429 and 503: when to try again (sent as the Retry-After header).</summary>
    [JsonIgnore]
    public int? RetryAfterSeconds { get; init; }

    public string Type => $"https://liuhu.hohhot.example/problems/{Code}";

    public static Problem BadRequest(string code, string title, string detail) => new(400, code, title, detail);

    public static Problem NotFound(string code, string title, string detail) => new(404, code, title, detail);
}

/// <summary>Thrown by domain and storage code for input the caller must fix; mapped to problem+json at the edge.</summary>
public sealed class ProblemException : Exception
{
    public ProblemException(Problem problem)
        : base(problem?.Detail)
    {
        Problem = problem ?? throw new ArgumentNullException(nameof(problem));
    }

    public ProblemException()
        : this(new Problem(500, "unknown", "未知错误", "Unknown error."))
    {
    }

    public ProblemException(string message)
        : this(new Problem(400, "bad_request", "请求有误", message))
    {
    }

    public ProblemException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = new Problem(400, "bad_request", "请求有误", message);
    }

    public Problem Problem { get; }
}
