using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;

namespace Liuhu.Matching.Tests;

internal static class Samples
{
    public static readonly DateTimeOffset Now = new(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public static Vacancy Post(string title = "数据中心运维工程师", Degree degree = Degree.Bachelor, string[]? majors = null, string[]? skills = null,
        string cluster = "next-gen-it", string district = "horinger-new-area", int min = 6000, int max = 9000, string[]? benefits = null, int headcount = 5, string credit = "91350100M000100Y43") => new()
    {
        VacancyId = VacancyIds.FromTitle(credit, title, district),
        EmployerCreditCode = credit,
        EmployerName = "示范",
        Title = title,
        Headcount = headcount,
        Degree = degree,
        Majors = majors ?? ["计算机科学与技术", "网络工程"],
        Skills = skills ?? ["Linux", "Python", "网络运维"],
        Cluster = cluster,
        District = district,
        Salary = new SalaryRange(min, max, false),
        Benefits = benefits ?? ["五险一金"],
        LedgerId = "L",
        FirstSeenAt = Now,
    };

    public static GraduateProfile Graduate(string major = "计算机科学与技术", string? majorCode = "080901", Degree degree = Degree.Bachelor, string[]? skills = null,
        string[]? clusters = null, string[]? districts = null, int? salary = 6000, Residency residency = Residency.External, string? gender = null, string? ethnicity = null) => new()
    {
        GraduateId = "G1",
        Degree = degree,
        Major = major,
        MajorCode = majorCode,
        University = "内蒙古大学",
        Skills = skills ?? ["Python", "linux"],
        PreferredClusters = clusters ?? ["next-gen-it"],
        PreferredDistricts = districts ?? ["horinger-new-area"],
        ExpectedSalary = salary,
        Residency = residency,
        Consent = new Consent(true, true),
        Gender = gender,
        Ethnicity = ethnicity,
    };
}
