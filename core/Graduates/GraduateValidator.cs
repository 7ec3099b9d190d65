using System.Globalization;
using System.Text.RegularExpressions;
using Liuhu.Core.Domain;
using Liuhu.Core.Ledgers;
using Liuhu.Core.Problems;

namespace Liuhu.Core.Graduates;

/// <summary>Where a profile's fields come from: a ledger row, or a JSON body; each says where an issue is.</summary>
public interface IGraduateFieldSource
{
    string Get(string field);

    RowIssue Issue(string field, string code, string message);
}

/// <summary>Validates a graduate profile the same way whether it came one by one or in a university's file.</summary>
public static partial class GraduateValidator
{
    // The longest text each field takes (the ledger template's 填写说明 states these).
    public const int MaxNameLength = 50;
    public const int MaxDegreeLength = 20;
    public const int MaxMajorLength = 100;
    public const int MaxUniversityLength = 100;
    public const int MaxExpectedSalaryLength = 50;
    public const int MaxListTextLength = 2000;
    public const int MinGraduationYear = 1990;
    public const int MaxGraduationYear = 2100;

    public static (GraduateProfile? Profile, IReadOnlyList<RowIssue> Errors, IReadOnlyList<RowIssue> Warnings) Validate(
        IGraduateFieldSource source, string origin, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(source);
        var errors = new List<RowIssue>();
        var warnings = new List<RowIssue>();
        string Text(string field, int max)
        {
            var value = TextNormalizer.Fold(source.Get(field));
            if (value.Length > max)
            {
                errors.Add(source.Issue(field, "cell.too_long", $"内容过长（{value.Length} 字），不得超过 {max} 字"));
            }

            return value;
        }

        var graduateId = TextNormalizer.FoldWithoutWhitespace(source.Get("graduateId"));
        if (!GraduateIds.IsValid(graduateId))
        {
            errors.Add(source.Issue("graduateId", "graduate_id.invalid", $"学号/编号“{graduateId}”无效：须为 1-64 位字母、数字、下划线、点或连字符"));
        }

        var name = Text("name", MaxNameLength);
        var phone = TextNormalizer.FoldWithoutWhitespace(source.Get("phone"));
        if (phone.Length > 0 && !MobilePhone().IsMatch(phone))
        {
            errors.Add(source.Issue("phone", "phone.invalid", "手机号格式不正确，应为 11 位中国大陆手机号"));
            phone = string.Empty;
        }

        var degreeText = Text("degree", MaxDegreeLength);
        var degree = Degree.Any;
        if (degreeText.Length == 0)
        {
            errors.Add(source.Issue("degree", "degree.required", "学历不能为空"));
        }
        else if (!Degrees.TryParse(degreeText, out degree) || degree == Degree.Any)
        {
            errors.Add(source.Issue("degree", "degree.invalid", $"学历“{degreeText}”无法识别，应为 中专、大专、本科、硕士 或 博士"));
        }

        var major = Text("major", MaxMajorLength);
        if (major.Length == 0)
        {
            errors.Add(source.Issue("major", "major.required", "专业不能为空"));
        }

        var majorCode = TextNormalizer.FoldWithoutWhitespace(source.Get("majorCode")).ToUpperInvariant();
        if (majorCode.Length > 0 && !MajorCode().IsMatch(majorCode))
        {
            errors.Add(source.Issue("majorCode", "major_code.invalid", $"专业代码“{majorCode}”格式不正确，应为教育部专业目录代码，如 080901 或 510201"));
        }

        var university = Text("university", MaxUniversityLength);
        if (university.Length == 0)
        {
            errors.Add(source.Issue("university", "university.required", "毕业院校不能为空"));
        }

        int? graduationYear = null;
        var yearText = TextNormalizer.FoldWithoutWhitespace(source.Get("graduationYear")).TrimEnd('届', '年');
        if (yearText.Length > 0)
        {
            if (int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= MinGraduationYear and <= MaxGraduationYear)
            {
                graduationYear = year;
            }
            else
            {
                errors.Add(source.Issue("graduationYear", "graduation_year.invalid", $"毕业年份“{yearText}”不正确，应为四位年份，如 2024"));
            }
        }

        var clusters = new List<string>();
        foreach (var item in TextNormalizer.SplitList(source.Get("preferredClusters")))
        {
            if (Clusters.TryParse(item, out var cluster))
            {
                clusters.Add(cluster.Code);
            }
            else
            {
                errors.Add(source.Issue("preferredClusters", "cluster.invalid", $"意向产业“{item}”无法识别"));
            }
        }

        var districts = new List<string>();
        foreach (var item in TextNormalizer.SplitList(source.Get("preferredDistricts")))
        {
            if (Districts.TryParse(item, out var district))
            {
                districts.Add(district.Code);
            }
            else if (item is not ("不限" or "均可"))
            {
                errors.Add(source.Issue("preferredDistricts", "district.invalid", $"意向地区“{item}”不是呼和浩特市的旗县区或开发区"));
            }
        }

        int? expectedSalary = null;
        var salaryText = Text("expectedSalary", MaxExpectedSalaryLength);
        if (salaryText.Length > 0)
        {
            if (SalaryParser.TryParse(salaryText, out var salary) && (salary.MonthlyMin ?? salary.MonthlyMax) is { } monthly)
            {
                expectedSalary = monthly;
            }
            else if (salaryText is not ("面议" or "不限"))
            {
                errors.Add(source.Issue("expectedSalary", "expected_salary.invalid", $"期望月薪“{salaryText}”无法识别，请填写数字，如 6000"));
            }
        }

        Residency? residency = null;
        var residencyText = TextNormalizer.FoldWithoutWhitespace(source.Get("residency"));
        if (residencyText.Length > 0)
        {
            residency = ParseResidency(residencyText);
            if (residency is null)
            {
                errors.Add(source.Issue("residency", "residency.invalid", $"户籍情况“{residencyText}”无法识别，应为 呼和浩特户籍、呼和浩特常住 或 外地（hohhot_hukou、hohhot_resident、external）"));
            }
        }

        var leftSchoolUnemployed = ParseBool(source, "leftSchoolUnemployed", "是否离校未就业", required: false, errors) ?? false;
        var consentMatching = ParseBool(source, "consentMatching", "同意匹配", required: true, errors);
        var consentShare = ParseBool(source, "consentShare", "同意向企业推荐", required: true, errors);

        if (errors.Count > 0)
        {
            return (null, errors, warnings);
        }

        var profile = new GraduateProfile
        {
            GraduateId = graduateId,
            Name = name.Length > 0 ? name : null,
            Phone = phone.Length > 0 ? phone : null,
            Degree = degree,
            Major = major,
            MajorCode = majorCode.Length > 0 ? majorCode : null,
            University = university,
            GraduationYear = graduationYear,
            Skills = TextNormalizer.SplitList(Text("skills", MaxListTextLength)),
            Certificates = TextNormalizer.SplitList(Text("certificates", MaxListTextLength)),
            PreferredClusters = clusters.Distinct().ToList(),
            PreferredDistricts = districts.Distinct().ToList(),
            ExpectedSalary = expectedSalary,
            Residency = residency,
            LeftSchoolUnemployed = leftSchoolUnemployed,
            Consent = new Consent(consentMatching ?? false, consentShare ?? false),
            Gender = NullIfEmpty(Text("gender", 20)),
            Ethnicity = NullIfEmpty(Text("ethnicity", 20)),
            Source = origin,
            UpdatedAt = now,
        };
        return (profile, errors, warnings);
    }

    public static Residency? ParseResidency(string text) => text.ToLowerInvariant() switch
    {
        "hohhot_hukou" or "呼和浩特户籍" or "呼和浩特市户籍" or "呼市户籍" or "本地户籍" or "呼和浩特户口" or "本市户籍" => Residency.HohhotHukou,
        "hohhot_resident" or "呼和浩特常住" or "呼和浩特常住人口" or "呼市常住" or "常住" or "居住证" or "本市常住" => Residency.HohhotResident,
        "external" or "外地" or "外地户籍" or "市外" or "区外" or "外省" or "非本市户籍" => Residency.External,
        _ => null,
    };

    private static bool? ParseBool(IGraduateFieldSource source, string field, string label, bool required, List<RowIssue> errors)
    {
        var text = TextNormalizer.FoldWithoutWhitespace(source.Get(field)).ToLowerInvariant();
        switch (text)
        {
            case "是" or "同意" or "true" or "1" or "y" or "yes" or "√":
                return true;
            case "否" or "不同意" or "false" or "0" or "n" or "no" or "×":
                return false;
            case "" when !required:
                return null;
            case "":
                errors.Add(source.Issue(field, field + ".required", $"“{label}”须填写 是 或 否"));
                return null;
            default:
                errors.Add(source.Issue(field, field + ".invalid", $"“{label}”应为 是 或 否，实为“{text}”"));
                return null;
        }
    }

    private static string? NullIfEmpty(string text) => text.Length > 0 ? text : null;

    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex MobilePhone();

    [GeneratedRegex(@"^(\d{6}[TK]{0,2}|\d{4})$")]
    private static partial Regex MajorCode();
}

/// <summary>A stored graduate's id is namespaced by university: <c>{university code}-{学号}</c>, so the same
/// student number at two universities is two graduates, and the id itself says which university owns it.</summary>
public static partial class GraduateIds
{
    /// <summary>A student number as a university files it.</summary>
    public static bool IsValid(string? studentNumber) => studentNumber is not null && Pattern().IsMatch(studentNumber);

    public static bool IsValidNamespaced(string? graduateId) =>
        UniversityOf(graduateId) is { } university && Access.OrganisationCodes.IsUniversityCode(university) && IsValid(graduateId![(university.Length + 1)..]);

    public static string Compose(string universityCode, string studentNumber) => $"{universityCode}-{studentNumber}";

    /// <summary>The id itself when it is a namespaced graduate id; else the problem a caller gets for it.</summary>
    public static string EnsureNamespaced(string? graduateId) => IsValidNamespaced(graduateId)
        ? graduateId!
        : throw new ProblemException(Problem.BadRequest("graduate_id.invalid",
            "毕业生编号无效：应为“高校代码-学号”，如 4115010126-2024001（学号为 1-64 位字母、数字、下划线、点或连字符）",
            $"'{graduateId}' is not a valid graduate id: '{{university code}}-{{student number}}', e.g. 4115010126-2024001."));

    /// <summary>The university code an id begins with, or null.</summary>
    public static string? UniversityOf(string? graduateId)
    {
        var separator = graduateId?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        return separator > 0 ? graduateId![..separator] : null;
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex Pattern();
}

/// <summary>A graduate ledger row as a field source.</summary>
public static class GraduateRowValidator
{
    public static RowOutcome<GraduateProfile> Validate(LedgerSheet sheet, RawRow row, string ledgerId, DateTimeOffset now)
    {
        var (profile, errors, warnings) = GraduateValidator.Validate(new RowSource(sheet, row), ledgerId, now);
        return new RowOutcome<GraduateProfile>(row.Number, profile, errors, warnings);
    }

    private sealed class RowSource(LedgerSheet sheet, RawRow row) : IGraduateFieldSource
    {
        public string Get(string field) => sheet.Get(row, field);

        public RowIssue Issue(string field, string code, string message) => sheet.Issue(row, field, code, message);
    }
}
