using Liuhu.Core.Domain;
using Liuhu.Core.Policies;

namespace Liuhu.Functions.Vacancies;

public static class VacancyViews
{
    /// <summary>A post as the API shows it; contact details only when one post is asked for; for the post's own
    /// side, the subsidies a hire would bring (<paramref name="hiringSubsidies"/>).</summary>
    public static object Vacancy(Vacancy v, bool withContact, IReadOnlyList<PolicyEligibility>? hiringSubsidies = null)
    {
        ArgumentNullException.ThrowIfNull(v);
        return new
        {
            v.VacancyId,
            v.EmployerCreditCode,
            v.EmployerName,
            v.PostCode,
            v.Title,
            v.Cluster,
            ClusterName = v.Cluster is { } c ? Clusters.ByCode(c).Name : null,
            v.Headcount,
            Degree = Degrees.Code(v.Degree),
            DegreeName = Degrees.ChineseName(v.Degree),
            v.Majors,
            v.Skills,
            v.Description,
            Salary = new { Min = v.Salary.MonthlyMin, Max = v.Salary.MonthlyMax, v.Salary.Negotiable, Text = v.SalaryText },
            v.District,
            DistrictName = v.District is { } d ? Districts.ByCode(d).Name : null,
            v.Location,
            v.Benefits,
            ContactName = withContact ? v.ContactName : null,
            ContactPhone = withContact ? v.ContactPhone : null,
            ExpiresOn = v.ExpiresOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            v.PostKind,
            PostKindName = v.PostKind is { } kind ? PostKinds.ChineseName(kind) : null,
            v.EmployerTags,
            EmployerTagNames = v.EmployerTags.Select(EmployerTags.ChineseName).ToList(),
            v.FairIds,
            v.Status,
            v.LedgerId,
            v.SourceRow,
            v.FirstSeenAt,
            v.UpdatedAt,
            HiringSubsidies = hiringSubsidies,
        };
    }
}
