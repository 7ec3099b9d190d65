using System.Globalization;
using Liuhu.Core.Domain;
using Liuhu.Core.Policies;

namespace Liuhu.Matching.Serving;

/// <summary>A benefit kind with its Chinese name (人才公寓, 员工宿舍, 包食宿 and 租房补贴 are different kinds).</summary>
public sealed record BenefitView(BenefitKind Kind, string Name);

/// <summary>How to apply, as the post's ledger gives it: the employer's recruiting contact (never a graduate's data).</summary>
public sealed record ApplyChannel(string? ContactName, string? ContactPhone, string? Location, string Note);

/// <summary>What a graduate needs to act on a match: the post as written, what it offers, how to apply, and what
/// the policy list adds if the graduate takes it. Filled from the stored post; nothing here affects the ranking.</summary>
public sealed partial record MatchItem
{
    public const int ExcerptLength = 120;

    public string? ClusterName { get; init; }

    public string? DistrictName { get; init; }

    public string? Location { get; init; }

    public string? DescriptionExcerpt { get; init; }

    public string? Degree { get; init; }

    public string? DegreeName { get; init; }

    public IReadOnlyList<string>? Majors { get; init; }

    public string? SalaryText { get; init; }

    /// <summary>The benefits as the ledger wrote them.</summary>
    public IReadOnlyList<string>? Benefits { get; init; }

    public IReadOnlyList<BenefitView>? BenefitKinds { get; init; }

    public string? ExpiresOn { get; init; }

    public PostKind? PostKind { get; init; }

    public string? PostKindName { get; init; }

    public ApplyChannel? Apply { get; init; }

    /// <summary>若在此岗位就业，可享受: policies the hire would make the graduate eligible for, each with its conditions.</summary>
    public IReadOnlyList<PolicyEligibility>? IfHired { get; init; }

    /// <summary>The item with the post's details and, for the graduate, the policies taking it would bring.</summary>
    public MatchItem WithPostDetails(Vacancy v, GraduateFacts graduate, IReadOnlyList<Policy> inForce)
    {
        ArgumentNullException.ThrowIfNull(v);
        return this with
        {
            ClusterName = v.Cluster is { } c ? Clusters.ByCode(c).Name : null,
            DistrictName = v.District is { } d ? Districts.ByCode(d).Name : null,
            Location = v.Location,
            DescriptionExcerpt = Excerpt(v.Description),
            Degree = Degrees.Code(v.Degree),
            DegreeName = Degrees.ChineseName(v.Degree),
            Majors = v.Majors,
            SalaryText = v.SalaryText,
            Benefits = v.Benefits,
            BenefitKinds = Core.Domain.Benefits.Classify(v.Benefits).Order().Select(k => new BenefitView(k, Core.Domain.Benefits.ChineseName(k))).ToList(),
            ExpiresOn = v.ExpiresOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            PostKind = v.PostKind,
            PostKindName = v.PostKind is { } k ? PostKinds.ChineseName(k) : null,
            Apply = new ApplyChannel(v.ContactName, v.ContactPhone, v.Location,
                v.ContactName is null && v.ContactPhone is null ? "用工台账未登记联系方式，可向岗位所在旗县区人社部门咨询" : "请按用工台账登记的联系方式联系用人单位"),
            IfHired = PolicyService.IfHired(inForce, graduate, JobFacts.From(v)),
        };
    }

    private static string? Excerpt(string? text) =>
        text is null ? null : text.Length <= ExcerptLength ? text : string.Concat(text.AsSpan(0, ExcerptLength), "…");
}
