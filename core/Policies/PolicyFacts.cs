using System.Globalization;
using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;

namespace Liuhu.Core.Policies;

public enum FactSubject
{
    Graduate,
    Job,
}

public enum FactKind
{
    /// <summary>One of a fixed set of codes (in / notIn).</summary>
    Code,

    /// <summary>Codes in an order, so atLeast / atMost apply (degrees).</summary>
    Ordered,

    /// <summary>A whole number.</summary>
    Number,
}

/// <summary>A fact a policy condition may name: its code, whom it is about, its Chinese name and its values
/// (code and Chinese name, in order for <see cref="FactKind.Ordered"/>).</summary>
public sealed record FactDefinition(string Code, FactSubject Subject, string Name, FactKind Kind, IReadOnlyList<(string Code, string Name)> Values)
{
    public string ValueName(string code) =>
        Values.FirstOrDefault(v => string.Equals(v.Code, code, StringComparison.Ordinal)).Name ?? code;

    public int Rank(string code)
    {
        for (var i = 0; i < Values.Count; i++)
        {
            if (string.Equals(Values[i].Code, code, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>The facts conditions can be written over: the catalogue a policy's conditions are checked against
/// when the bureau enters them, and how a graduate and a post supply them.</summary>
public static class PolicyFacts
{
    public const string Degree = "graduate.degree";
    public const string YearsSinceGraduation = "graduate.yearsSinceGraduation";
    public const string Residency = "graduate.residency";
    public const string LeftSchoolUnemployed = "graduate.leftSchoolUnemployed";
    public const string Housing = "graduate.housing";
    public const string EmploymentRoute = "job.employmentRoute";
    public const string EmployerKind = "job.employerKind";
    public const string District = "job.district";
    public const string PostKind = "job.postKind";

    public static readonly IReadOnlyList<FactDefinition> All =
    [
        new(Degree, FactSubject.Graduate, "学历", FactKind.Ordered,
            Enum.GetValues<Domain.Degree>().Select(d => (Degrees.Code(d), Degrees.ChineseName(d))).ToList()),
        new(YearsSinceGraduation, FactSubject.Graduate, "离校年限（年）", FactKind.Number, []),
        new(Residency, FactSubject.Graduate, "户籍情况", FactKind.Code,
            [("hohhot_hukou", "呼和浩特市户籍"), ("hohhot_resident", "呼和浩特市常住（非本市户籍）"), ("external", "外地户籍")]),
        new(LeftSchoolUnemployed, FactSubject.Graduate, "离校未就业", FactKind.Code, [("true", "是"), ("false", "否")]),
        new(Housing, FactSubject.Graduate, "住房情况", FactKind.Code,
            [("no_home", "在呼和浩特市无自有住房"), ("owns_home", "在呼和浩特市有自有住房")]),
        new(EmploymentRoute, FactSubject.Job, "就业方式", FactKind.Code,
            [("employed", "单位就业"), ("flexible", "灵活就业"), ("self_employed", "自主创业"), ("grassroots", "基层服务项目")]),
        new(EmployerKind, FactSubject.Job, "用人单位类型", FactKind.Code,
            [("enterprise", "企业"), ("public_institution", "事业单位"), ("hr_agency", "人力资源服务机构")]),
        new(District, FactSubject.Job, "工作地点", FactKind.Code, Districts.All.Select(d => (d.Code, d.Name)).ToList()),
        new(PostKind, FactSubject.Job, "岗位类别", FactKind.Code,
            PostKinds.Values.Select(k => (PostKinds.Code(k), PostKinds.ChineseName(k))).ToList()),
    ];

    public static FactDefinition? Find(string? code) => All.FirstOrDefault(f => string.Equals(f.Code, code, StringComparison.Ordinal));
}

/// <summary>What is known of a graduate for the policies: a null member is not known ("needs information").</summary>
public sealed record GraduateFacts(Degree? Degree, int? YearsSinceGraduation, Residency? Residency, bool? LeftSchoolUnemployed, string? Housing)
{
    /// <summary>From a stored or posted profile. Housing is not part of the profile: the caller may give it.</summary>
    public static GraduateFacts From(GraduateProfile profile, DateOnly today, string? housing = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new GraduateFacts(profile.Degree == Domain.Degree.Any ? null : profile.Degree,
            profile.GraduationYear is { } year ? Math.Max(0, today.Year - year) : null,
            profile.Residency, profile.LeftSchoolUnemployed, housing);
    }

    public string? Get(string fact) => fact switch
    {
        PolicyFacts.Degree => Degree is { } d ? Degrees.Code(d) : null,
        PolicyFacts.YearsSinceGraduation => YearsSinceGraduation?.ToString(CultureInfo.InvariantCulture),
        PolicyFacts.Residency => Residency switch
        {
            Graduates.Residency.HohhotHukou => "hohhot_hukou",
            Graduates.Residency.HohhotResident => "hohhot_resident",
            Graduates.Residency.External => "external",
            _ => null,
        },
        PolicyFacts.LeftSchoolUnemployed => LeftSchoolUnemployed is { } b ? (b ? "true" : "false") : null,
        PolicyFacts.Housing => Housing,
        _ => null,
    };
}

/// <summary>What is known of a job for the policies: a null member is not known.</summary>
public sealed record JobFacts(string? EmploymentRoute, string? EmployerKind, string? District, PostKind? PostKind)
{
    /// <summary>A post from a ledger is 单位就业 (a 三支一扶/基层项目 post is a 基层服务项目). Its employer is known to
    /// be an 事业单位 or a 人力资源服务机构 (劳务派遣 is a licensed 人力资源服务 business) only when the post kind
    /// says so; otherwise the ledger does not tell, and the fact stays unknown.</summary>
    public static JobFacts From(Vacancy vacancy)
    {
        ArgumentNullException.ThrowIfNull(vacancy);
        return new JobFacts(
            vacancy.PostKind == Domain.PostKind.Grassroots ? "grassroots" : "employed",
            vacancy.PostKind switch
            {
                Domain.PostKind.PublicInstitution => "public_institution",
                Domain.PostKind.Dispatch => "hr_agency",
                _ => null,
            },
            vacancy.District,
            vacancy.PostKind);
    }

    public string? Get(string fact) => fact switch
    {
        PolicyFacts.EmploymentRoute => EmploymentRoute,
        PolicyFacts.EmployerKind => EmployerKind,
        PolicyFacts.District => District,
        PolicyFacts.PostKind => PostKind is { } k ? PostKinds.Code(k) : null,
        _ => null,
    };
}
