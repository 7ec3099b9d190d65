using System.Globalization;
using System.Text.RegularExpressions;
using Liuhu.Core.Domain;
using Liuhu.Core.Problems;

namespace Liuhu.Core.Ledgers;

/// <summary>Turns one row of a vacancy ledger into a <see cref="Vacancy"/>, or says in Chinese what is wrong.</summary>
public static partial class VacancyRowValidator
{
    // Well under Table Storage's 64 KiB string limit, and longer than any real job description.
    public const int MaxTextLength = 4_000;
    public const int MaxShortTextLength = 100;
    public const int MaxHeadcount = 100_000;

    public static RowOutcome<Vacancy> Validate(LedgerSheet sheet, RawRow row, string ledgerId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        ArgumentNullException.ThrowIfNull(row);
        var errors = new List<RowIssue>();
        var warnings = new List<RowIssue>();
        string Text(string field, int max = MaxTextLength)
        {
            var value = TextNormalizer.Fold(sheet.Get(row, field));
            if (value.Length > max)
            {
                errors.Add(sheet.Issue(row, field, "cell.too_long", $"内容过长（{value.Length} 字），不得超过 {max} 字"));
            }

            return value;
        }

        var employerName = Text("employerName", MaxShortTextLength);
        if (employerName.Length == 0)
        {
            errors.Add(sheet.Issue(row, "employerName", "employer_name.required", "企业名称不能为空"));
        }

        var creditCode = CreditCode.Normalize(sheet.Get(row, "employerCreditCode"));
        if (creditCode.Length == 0)
        {
            errors.Add(sheet.Issue(row, "employerCreditCode", "credit_code.required", "统一社会信用代码不能为空"));
        }
        else if (creditCode.Length != 18)
        {
            errors.Add(sheet.Issue(row, "employerCreditCode", "credit_code.length", $"统一社会信用代码“{creditCode}”应为 18 位，实为 {creditCode.Length} 位"));
        }
        else if (!CreditCode.IsValid(creditCode))
        {
            errors.Add(sheet.Issue(row, "employerCreditCode", "credit_code.checksum", $"统一社会信用代码“{creditCode}”校验位不正确（GB 32100-2015），请核对"));
        }

        var title = Text("title", MaxShortTextLength);
        if (title.Length == 0)
        {
            errors.Add(sheet.Issue(row, "title", "title.required", "岗位名称不能为空"));
        }

        var headcountText = TextNormalizer.FoldWithoutWhitespace(sheet.Get(row, "headcount"));
        var headcount = 0;
        if (headcountText.Length == 0)
        {
            errors.Add(sheet.Issue(row, "headcount", "headcount.required", "招聘人数不能为空"));
        }
        else if (!TryParseHeadcount(headcountText, out headcount))
        {
            errors.Add(sheet.Issue(row, "headcount", "headcount.invalid", $"招聘人数须为正整数，“{headcountText}”无法识别（如为“若干”，请填写预计人数）"));
        }

        var degreeText = Text("degree", MaxShortTextLength);
        var degree = Degree.Any;
        if (degreeText.Length > 0 && !Degrees.TryParse(degreeText, out degree))
        {
            errors.Add(sheet.Issue(row, "degree", "degree.invalid", $"学历要求“{degreeText}”无法识别，应为 不限、中专、大专、本科、硕士 或 博士"));
        }

        string? cluster = null;
        var clusterText = Text("cluster", MaxShortTextLength);
        if (clusterText.Length > 0)
        {
            if (Clusters.TryParse(clusterText, out var parsedCluster))
            {
                cluster = parsedCluster.Code;
            }
            else
            {
                warnings.Add(sheet.Issue(row, "cluster", "cluster.unknown", $"产业集群“{clusterText}”无法识别，已留空；可填六大产业集群、现代服务业或公共岗位"));
            }
        }

        var majorsText = Text("majors");
        var skillsText = Text("skills");
        var description = Text("description");
        var salaryText = Text("salary", MaxShortTextLength);
        if (!SalaryParser.TryParse(salaryText, out var salary))
        {
            warnings.Add(sheet.Issue(row, "salary", "salary.unrecognised", $"薪资待遇“{salaryText}”无法识别，已按原文保存（示例：5000-8000、5k-8k、4000元/月以上、8-12万/年、面议）"));
            salary = SalaryRange.Unknown;
        }

        var location = Text("district", MaxShortTextLength);
        string? district = null;
        if (location.Length > 0)
        {
            if (Districts.TryParse(location, out var parsedDistrict))
            {
                district = parsedDistrict.Code;
            }
            else
            {
                warnings.Add(sheet.Issue(row, "district", "district.unknown", $"工作地点“{location}”不在呼和浩特市各旗县区及开发区之内或无法识别，已按原文保存"));
            }
        }

        var benefits = Text("benefits");
        var contactName = Text("contactName", MaxShortTextLength);
        var contactPhone = TextNormalizer.FoldWithoutWhitespace(sheet.Get(row, "contactPhone"));
        if (contactPhone.Length > 0 && !PhoneNumber().IsMatch(contactPhone))
        {
            warnings.Add(sheet.Issue(row, "contactPhone", "contact_phone.unrecognised", $"联系电话“{contactPhone}”格式不像手机号或固定电话，请核对"));
        }

        var expiresText = Text("expiresOn", MaxShortTextLength);
        if (!DateParser.TryParse(expiresText, out var expiresOn))
        {
            errors.Add(sheet.Issue(row, "expiresOn", "expires_on.invalid", $"有效期“{expiresText}”无法识别，请写作 2024-06-30、2024/6/30 或 2024年6月30日"));
        }
        else if (expiresOn is { } date && date < DateOnly.FromDateTime(now.UtcDateTime))
        {
            warnings.Add(sheet.Issue(row, "expiresOn", "expires_on.past", $"有效期 {date:yyyy-MM-dd} 已过"));
        }

        foreach (var (field, text) in new[] { ("title", title), ("degree", degreeText), ("majors", majorsText), ("skills", skillsText), ("description", description), ("benefits", benefits) })
        {
            foreach (var finding in LawfulContent.Check(text))
            {
                (finding.RejectsRow ? errors : warnings).Add(sheet.Issue(row, field, finding.Code, finding.ChineseMessage));
            }
        }

        if (errors.Count > 0)
        {
            return new RowOutcome<Vacancy>(row.Number, null, errors, warnings);
        }

        var postCode = TextNormalizer.FoldWithoutWhitespace(sheet.Get(row, "postCode"));
        var vacancy = new Vacancy
        {
            VacancyId = postCode.Length > 0 ? VacancyIds.FromPostCode(creditCode, postCode) : VacancyIds.FromTitle(creditCode, title, district ?? location),
            EmployerCreditCode = creditCode,
            EmployerName = employerName,
            Title = title,
            PostCode = postCode.Length > 0 ? postCode : null,
            Cluster = cluster,
            Headcount = headcount,
            Degree = degree,
            Majors = TextNormalizer.SplitList(majorsText),
            Skills = TextNormalizer.SplitList(skillsText),
            Description = description.Length > 0 ? description : null,
            SalaryText = salaryText.Length > 0 ? salaryText : null,
            Salary = salary,
            District = district,
            Location = location.Length > 0 ? location : null,
            Benefits = TextNormalizer.SplitList(benefits),
            ContactName = contactName.Length > 0 ? contactName : null,
            ContactPhone = contactPhone.Length > 0 ? contactPhone : null,
            ExpiresOn = expiresOn,
            LedgerId = ledgerId,
            SourceRow = row.Number,
            FirstSeenAt = now,
            UpdatedAt = now,
        };
        return new RowOutcome<Vacancy>(row.Number, vacancy, errors, warnings);
    }

    private static bool TryParseHeadcount(string text, out int headcount)
    {
        var trimmed = text.EndsWith('人') ? text[..^1] : text;
        if (double.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            && value >= 1 && value <= MaxHeadcount && Math.Abs(value - Math.Round(value)) < 1e-9)
        {
            headcount = (int)value;
            return true;
        }

        headcount = 0;
        return false;
    }

    [GeneratedRegex(@"^(1[3-9]\d{9}|(0\d{2,3}-?)?\d{7,8}(-\d{1,6})?|400-?\d{3}-?\d{4})$")]
    private static partial Regex PhoneNumber();
}
