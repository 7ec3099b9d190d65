using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Liuhu.Core.Fairs;

/// <summary>招聘会的形式, as the plan names them: 专场招聘、校园招聘、线上招聘 (三、(二)).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FairKind>))]
public enum FairKind
{
    [JsonStringEnumMemberName("special")]
    Special,

    [JsonStringEnumMemberName("campus")]
    Campus,

    [JsonStringEnumMemberName("online")]
    Online,
}

[JsonConverter(typeof(JsonStringEnumConverter<FairStatus>))]
public enum FairStatus
{
    [JsonStringEnumMemberName("scheduled")]
    Scheduled,

    [JsonStringEnumMemberName("cancelled")]
    Cancelled,
}

/// <summary>A job fair (招聘会) organised by a district office (<see cref="District"/>) or the city bureau
/// (<see cref="District"/> null: 市级). Holds no personal data: it is shown to the public as it is.</summary>
public sealed record Fair
{
    public required string FairId { get; init; }

    public required string Name { get; init; }

    public required FairKind Kind { get; init; }

    public required DateOnly StartsOn { get; init; }

    public required DateOnly EndsOn { get; init; }

    /// <summary>Where it is held; for an online fair, the platform or its address.</summary>
    public string? Place { get; init; }

    public bool Online { get; init; }

    /// <summary>The organising district's code; null when the bureau organises it for the whole city.</summary>
    public string? District { get; init; }

    /// <summary>The organisation that created it (its id, not a person).</summary>
    public required string OrganiserId { get; init; }

    public FairStatus Status { get; init; } = FairStatus.Scheduled;

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>招聘会编号: ZPH, the first start date (yyyyMMdd), a dash and four random characters, e.g. ZPH20240615-K7Q2.
/// Short enough to type in a ledger's 招聘会编号 column; derived from the fair's fields (so a retried create lands on
/// the same id) and random when that is taken by another fair (a collision is refused by the store and retried).</summary>
public static partial class FairIds
{
    public const int Length = 16;

    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static string New(DateOnly startsOn)
    {
        Span<char> suffix = stackalloc char[4];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = Alphabet[System.Security.Cryptography.RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"ZPH{startsOn:yyyyMMdd}-{suffix}");
    }

    /// <summary>The id a fair with exactly these fields and organiser is first tried under, so a retried create
    /// finds the fair its first attempt made. Four characters of a SHA-256 of the fields: a different fair that
    /// happens to draw the same id on the same day is told apart by its fields and given a random one.</summary>
    public static string Of(Fair fair)
    {
        ArgumentNullException.ThrowIfNull(fair);
        var key = string.Join('\u001f', fair.OrganiserId, fair.District ?? string.Empty, fair.Name, fair.Kind.ToString(),
            fair.StartsOn.DayNumber, fair.EndsOn.DayNumber, fair.Place ?? string.Empty, fair.Online);
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key));
        Span<char> suffix = stackalloc char[4];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = Alphabet[hash[i] % Alphabet.Length];
        }

        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"ZPH{fair.StartsOn:yyyyMMdd}-{suffix}");
    }

    /// <summary>The id in its stored form (upper case), or false when the text cannot be a fair id.</summary>
    public static bool TryNormalize(string? text, out string id)
    {
        id = (text ?? string.Empty).Trim().ToUpperInvariant();
        return Pattern().IsMatch(id);
    }

    [GeneratedRegex(@"^ZPH\d{8}-[A-Z0-9]{4}$")]
    private static partial Regex Pattern();
}
