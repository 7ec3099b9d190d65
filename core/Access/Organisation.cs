using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Liuhu.Core.Domain;

namespace Liuhu.Core.Access;

/// <summary>Who an organisation is to the programme; it decides which routes it may call and what it owns.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OrganisationKind>))]
public enum OrganisationKind
{
    /// <summary>An employer, bound to its 统一社会信用代码: it owns the posts filed under that code.</summary>
    [JsonStringEnumMemberName("employer")]
    Employer,

    /// <summary>A university, bound to its code (e.g. the 10-digit 学校标识码): it owns the graduates filed under it.</summary>
    [JsonStringEnumMemberName("university")]
    University,

    /// <summary>A 旗县区 HR office, bound to its district: it collects ledgers for posts in that district.</summary>
    [JsonStringEnumMemberName("district")]
    District,

    /// <summary>The city HR bureau (人社局): runs the programme and may act for every tenant, audited.</summary>
    [JsonStringEnumMemberName("bureau")]
    Bureau,

    /// <summary>The public recruitment site: matches graduates who signed in there.</summary>
    [JsonStringEnumMemberName("site")]
    Site,
}

/// <summary>A registered organisation. <see cref="Code"/> is its tenant: the credit code, the university or
/// district code; for the bureau and the site a short name of the operator's choosing.</summary>
public sealed record Organisation(string OrganisationId, OrganisationKind Kind, string Code, string Name, DateTimeOffset CreatedAt);

/// <summary>The authenticated caller of a request: the organisation and the credential it used. Only ids, so a
/// log line or an audit record can name who acted without holding a secret.</summary>
public sealed record Caller(string OrganisationId, OrganisationKind Kind, string Tenant, string CredentialId)
{
    public bool IsBureau => Kind == OrganisationKind.Bureau;

    /// <summary>How the audit trail names this caller.</summary>
    public string AuditName => $"{OrganisationId}/{CredentialId}";

    public bool OwnsEmployer(string? creditCode) =>
        IsBureau || (Kind == OrganisationKind.Employer && string.Equals(Tenant, creditCode, StringComparison.Ordinal));

    public bool OwnsUniversity(string? universityCode) =>
        IsBureau || (Kind == OrganisationKind.University && string.Equals(Tenant, universityCode, StringComparison.Ordinal));

    /// <summary>A post is in a caller's scope when it is the employer's, in the district office's district, or the caller is the bureau.</summary>
    public bool OwnsPost(Vacancy vacancy)
    {
        ArgumentNullException.ThrowIfNull(vacancy);
        return OwnsPost(vacancy.EmployerCreditCode, vacancy.District);
    }

    /// <summary>The same rule from a post's employer and district alone (for scans that do not read whole posts).</summary>
    public bool OwnsPost(string? employerCreditCode, string? district) =>
        OwnsEmployer(employerCreditCode) || (Kind == OrganisationKind.District && string.Equals(Tenant, district, StringComparison.Ordinal));
}

public static partial class OrganisationCodes
{
    /// <summary>The organisation id is its kind and code, so that registering the same employer twice is the same organisation.</summary>
    public static string IdOf(OrganisationKind kind, string code) => $"{KindName(kind)}-{code}";

    public static string KindName(OrganisationKind kind) => kind switch
    {
        OrganisationKind.Employer => "employer",
        OrganisationKind.University => "university",
        OrganisationKind.District => "district",
        OrganisationKind.Bureau => "bureau",
        _ => "site",
    };

    /// <summary>Null when the code is valid for the kind, else why not (Chinese, English).</summary>
    public static (string Chinese, string English)? Invalid(OrganisationKind kind, string? code) => kind switch
    {
        _ when string.IsNullOrEmpty(code) => ("缺少机构代码", "code is required."),
        OrganisationKind.Employer when !CreditCode.IsValid(code) => ("统一社会信用代码无效（18 位，末位为校验码）", "code must be a valid 18-character unified social credit code."),
        OrganisationKind.University when !UniversityCode().IsMatch(code) => ("学校代码应为 4-20 位字母或数字（如 10 位学校标识码）", "code must be 4-20 letters or digits (e.g. the 10-digit school identifier)."),
        OrganisationKind.District when !Districts.All.Any(d => d.Code == code) => ("旗县区代码无效", $"'{code}' is not a district code of Hohhot (see the vacancy district codes)."),
        OrganisationKind.Bureau or OrganisationKind.Site when !Slug().IsMatch(code) => ("代码应为 2-32 位小写字母、数字或连字符", "code must be 2-32 of a-z 0-9 -."),
        _ => null,
    };

    public static bool IsUniversityCode(string? code) => code is not null && UniversityCode().IsMatch(code);

    [GeneratedRegex("^[A-Za-z0-9]{4,20}$")]
    private static partial Regex UniversityCode();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,31}$")]
    private static partial Regex Slug();
}
