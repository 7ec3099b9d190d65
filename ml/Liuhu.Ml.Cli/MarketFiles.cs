using System.Globalization;
using System.Text;
using System.Text.Json;
using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Core.Outcomes;

namespace Liuhu.Ml.Cli;

/// <summary>Writes a simulated market as the real inputs: ledgers and graduate files as UTF-8 CSV with the
/// Chinese headers, outcomes as the JSON the outcomes endpoint takes.</summary>
public static class MarketFiles
{
    public const int RowsPerLedger = 50_000;

    public static IReadOnlyList<string> WriteLedgers(IReadOnlyList<Vacancy> vacancies, string folder)
    {
        ArgumentNullException.ThrowIfNull(vacancies);
        var files = new List<string>();
        for (var part = 0; part * RowsPerLedger < vacancies.Count; part++)
        {
            var csv = new StringBuilder("企业名称,统一社会信用代码,所属产业集群,岗位名称,岗位编号,招聘人数,学历要求,专业要求,技能要求,岗位职责,薪资待遇,工作地点,福利待遇,联系人,联系电话,有效期至\r\n");
            foreach (var v in vacancies.Skip(part * RowsPerLedger).Take(RowsPerLedger))
            {
                csv.AppendJoin(',', v.EmployerName, v.EmployerCreditCode, Clusters.ByCode(v.Cluster!).Name, v.Title, v.PostCode, v.Headcount.ToString(CultureInfo.InvariantCulture),
                    Degrees.ChineseName(v.Degree), string.Join("、", v.Majors), string.Join("、", v.Skills), "负责" + v.Title + "相关工作", v.SalaryText, v.Location,
                    string.Join("、", v.Benefits), "招聘专员", "0471-1234567", v.ExpiresOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                csv.Append("\r\n");
            }

            var path = Path.Combine(folder, $"vacancy-ledger-{part + 1}.csv");
            File.WriteAllText(path, csv.ToString(), new UTF8Encoding(true));
            files.Add(path);
        }

        return files;
    }

    public static string WriteGraduates(IReadOnlyList<GraduateProfile> graduates, string folder)
    {
        ArgumentNullException.ThrowIfNull(graduates);
        var csv = new StringBuilder("学号/编号,姓名,手机号,学历,专业,专业代码,毕业院校,毕业年份,技能,证书,意向产业,意向地区,期望月薪,户籍情况,是否离校未就业,同意匹配,同意向企业推荐\r\n");
        var i = 0;
        foreach (var g in graduates)
        {
            csv.AppendJoin(',', g.GraduateId, "模拟" + (i % 997).ToString(CultureInfo.InvariantCulture), "139" + (i++ % 100_000_000).ToString("D8", CultureInfo.InvariantCulture),
                Degrees.ChineseName(g.Degree), g.Major, g.MajorCode, g.University, g.GraduationYear?.ToString(CultureInfo.InvariantCulture),
                string.Join("、", g.Skills), string.Empty, string.Join("、", g.PreferredClusters.Select(c => Clusters.ByCode(c).Name)),
                string.Join("、", g.PreferredDistricts.Select(d => Districts.ByCode(d).Name)), g.ExpectedSalary?.ToString(CultureInfo.InvariantCulture),
                g.Residency switch { Residency.HohhotHukou => "hohhot_hukou", Residency.HohhotResident => "hohhot_resident", _ => "external" },
                g.LeftSchoolUnemployed ? "是" : "否", g.Consent.Matching ? "是" : "否", g.Consent.ShareWithEmployers ? "是" : "否");
            csv.Append("\r\n");
        }

        var path = Path.Combine(folder, "graduates.csv");
        File.WriteAllText(path, csv.ToString(), new UTF8Encoding(true));
        return path;
    }

    public static string WriteOutcomes(IReadOnlyList<Outcome> outcomes, string folder)
    {
        var path = Path.Combine(folder, "outcomes.json");
        var items = outcomes.Select(o => new { graduateId = o.GraduateId, vacancyId = o.VacancyId, @event = o.Event.ToString().ToLowerInvariant(), at = o.At });
        File.WriteAllText(path, JsonSerializer.Serialize(items));
        return path;
    }

    /// <summary>The outcomes <see cref="WriteOutcomes"/> wrote.</summary>
    public static List<Outcome> ReadOutcomes(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return [.. document.RootElement.EnumerateArray().Select(o => new Outcome(o.GetProperty("graduateId").GetString()!, o.GetProperty("vacancyId").GetString()!,
            Enum.Parse<OutcomeEvent>(o.GetProperty("event").GetString()!, ignoreCase: true), o.GetProperty("at").GetDateTimeOffset()))];
    }
}
