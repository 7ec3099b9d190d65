using System.Text.RegularExpressions;
using Liuhu.Core.Domain;
using Liuhu.Core.Ledgers;
using Liuhu.Core.Problems;
using Liuhu.Core.Validation;

namespace Liuhu.Core.Graduates;

/// <summary>Validates a graduate profile the same way whether it came one by one (a JSON body) or in a
/// university's file: every field is read through its rule in <see cref="GraduateFields"/>, so checked
/// against its own limit, before the profile is built.</summary>
public static class GraduateValidator
{
    public static (GraduateProfile? Profile, IReadOnlyList<RowIssue> Errors, IReadOnlyList<RowIssue> Warnings) Validate(
        IFieldSource source, string origin, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(source);
        var check = new FieldCheck(source);
        var graduateId = check.Read(GraduateFields.GraduateId);
        var name = check.Read(GraduateFields.Name);
        var phone = check.Read(GraduateFields.Phone);
        var degree = check.Read(GraduateFields.Degree);
        var major = check.Read(GraduateFields.Major);
        var majorCode = check.Read(GraduateFields.MajorCode);
        var university = check.Read(GraduateFields.University);
        var graduationYear = check.Read(GraduateFields.GraduationYear);
        var skills = check.Read(GraduateFields.Skills);
        var certificates = check.Read(GraduateFields.Certificates);
        var clusters = check.Read(GraduateFields.PreferredClusters);
        var districts = check.Read(GraduateFields.PreferredDistricts);
        var expectedSalary = check.Read(GraduateFields.ExpectedSalary);
        var residency = check.Read(GraduateFields.Residency);
        var leftSchoolUnemployed = check.Read(GraduateFields.LeftSchoolUnemployed);
        var consentMatching = check.Read(GraduateFields.ConsentMatching);
        var consentShare = check.Read(GraduateFields.ConsentShare);
        var gender = check.Read(GraduateFields.Gender);
        var ethnicity = check.Read(GraduateFields.Ethnicity);

        if (check.HasErrors)
        {
            return (null, check.Errors, check.Warnings);
        }

        var profile = new GraduateProfile
        {
            GraduateId = graduateId,
            Name = NullIfEmpty(name),
            Phone = NullIfEmpty(phone),
            Degree = degree.Value,
            Major = major,
            MajorCode = NullIfEmpty(majorCode),
            University = university,
            GraduationYear = graduationYear,
            Skills = skills,
            Certificates = certificates,
            PreferredClusters = clusters,
            PreferredDistricts = districts,
            ExpectedSalary = expectedSalary.Value,
            Residency = residency.Value,
            LeftSchoolUnemployed = leftSchoolUnemployed ?? false,
            Consent = new Consent(consentMatching ?? false, consentShare ?? false),
            Gender = NullIfEmpty(gender),
            Ethnicity = NullIfEmpty(ethnicity),
            Source = origin,
            UpdatedAt = now,
        };
        return (profile, check.Errors, check.Warnings);
    }

    public static Residency? ParseResidency(string text) => text.ToLowerInvariant() switch
    {
        "hohhot_hukou" or "呼和浩特户籍" or "呼和浩特市户籍" or "呼市户籍" or "本地户籍" or "呼和浩特户口" or "本市户籍" => Residency.HohhotHukou,
        "hohhot_resident" or "呼和浩特常住" or "呼和浩特常住人口" or "呼市常住" or "常住" or "居住证" or "本市常住" => Residency.HohhotResident,
        "external" or "外地" or "外地户籍" or "市外" or "区外" or "外省" or "非本市户籍" => Residency.External,
        _ => null,
    };

    private static string? NullIfEmpty(string text) => text.Length > 0 ? text : null;
}

/// <summary>The fields of a graduate profile and their rules: one line per field. Personal values (phone)
/// are never echoed in a message; the limits keep every profile within one table entity.</summary>
public static partial class GraduateFields
{
    // The longest text each field takes (the ledger template's 填写说明 states these).
    public const int MaxNameLength = 50;
    public const int MaxDegreeLength = 20;
    public const int MaxMajorLength = 100;
    public const int MaxUniversityLength = 100;
    public const int MaxExpectedSalaryLength = 50;
    public const int MinGraduationYear = 1990;
    public const int MaxGraduationYear = 2100;

    public const int MaxListLength = 2_000;

    public const int MaxListItems = 50;

    public const int MaxItemLength = 100;

    public static readonly TextField GraduateId = Fields.Compact("graduateId", 100)
        .Matching(GraduateIds.StudentNumber(), text => new("graduate_id.invalid", $"学号/编号“{text}”无效：须为 1-64 位字母、数字、下划线、点或连字符"))
        .Required("graduate_id.invalid", "学号/编号无效：须为 1-64 位字母、数字、下划线、点或连字符");

    public static readonly TextField Name = Fields.Text("name", MaxNameLength);

    public static readonly TextField Phone = Fields.Compact("phone", 20)
        .Matching(MobilePhone(), _ => new("phone.invalid", "手机号格式不正确，应为 11 位中国大陆手机号"));

    public static readonly ParsedField<Degree> Degree = Fields.Text("degree", MaxDegreeLength)
        .As<Degree>(KnownDegree, text => new("degree.invalid", $"学历“{text}”无法识别，应为 中专、大专、本科、硕士 或 博士"), Domain.Degree.Any)
        .Required("degree.required", "学历不能为空");

    public static readonly TextField Major = Fields.Text("major", MaxMajorLength).Required("major.required", "专业不能为空");

    public static readonly TextField MajorCode = Fields.Compact("majorCode", 20).NormalisedBy(s => s.ToUpperInvariant())
        .Matching(MajorCodePattern(), text => new("major_code.invalid", $"专业代码“{text}”格式不正确，应为教育部专业目录代码，如 080901 或 510201"));

    public static readonly TextField University = Fields.Text("university", MaxUniversityLength).Required("university.required", "毕业院校不能为空");

    public static readonly NumberField GraduationYear = Fields.Number("graduationYear", MinGraduationYear, MaxGraduationYear,
        text => new("graduation_year.invalid", $"毕业年份“{text.TrimEnd('届', '年')}”不正确，应为四位年份，如 2024")).WithUnits("届年");

    public static readonly ListField<string> Skills = Fields.List("skills", MaxListLength, MaxListItems, MaxItemLength);

    public static readonly ListField<string> Certificates = Fields.List("certificates", MaxListLength, MaxListItems, MaxItemLength);

    public static readonly ListField<string> PreferredClusters = Fields.List("preferredClusters", 500, 20, 50)
        .Of<string>(ClusterCode, item => new("cluster.invalid", $"意向产业“{item}”无法识别"));

    public static readonly ListField<string> PreferredDistricts = Fields.List("preferredDistricts", 500, 20, 50)
        .Of<string>(DistrictCode, item => new("district.invalid", $"意向地区“{item}”不是呼和浩特市的旗县区或开发区"), "不限", "均可");

    public static readonly ParsedField<int?> ExpectedSalary = Fields.Text("expectedSalary", MaxExpectedSalaryLength)
        .As<int?>(MonthlySalary, text => new("expected_salary.invalid", $"期望月薪“{text}”无法识别，请填写数字，如 6000"));

    public static readonly ParsedField<Residency?> Residency = Fields.Compact("residency", 30)
        .As<Residency?>(ResidencyOf, text => new("residency.invalid", $"户籍情况“{text}”无法识别，应为 呼和浩特户籍、呼和浩特常住 或 外地（hohhot_hukou、hohhot_resident、external）"));

    public static readonly FlagField LeftSchoolUnemployed = Fields.Flag("leftSchoolUnemployed", "是否离校未就业");

    public static readonly FlagField ConsentMatching = Fields.Flag("consentMatching", "同意匹配").Required();

    public static readonly FlagField ConsentShare = Fields.Flag("consentShare", "同意向企业推荐").Required();

    /// <summary>Kept (encrypted) only for fairness audits, never to rank.</summary>
    public static readonly TextField Gender = Fields.Text("gender", 20);

    public static readonly TextField Ethnicity = Fields.Text("ethnicity", 20);

    private static bool KnownDegree(string text, out Degree degree) => Degrees.TryParse(text, out degree) && degree != Domain.Degree.Any;

    private static bool ClusterCode(string text, out string code)
    {
        code = Clusters.TryParse(text, out var cluster) ? cluster.Code : string.Empty;
        return code.Length > 0;
    }

    private static bool DistrictCode(string text, out string code)
    {
        code = Districts.TryParse(text, out var district) ? district.Code : string.Empty;
        return code.Length > 0;
    }

    /// <summary>The lower monthly figure; 面议 and 不限 are no figure at all.</summary>
    private static bool MonthlySalary(string text, out int? monthly)
    {
        monthly = null;
        if (text is "面议" or "不限")
        {
            return true;
        }

        if (SalaryParser.TryParse(text, out var salary) && (salary.MonthlyMin ?? salary.MonthlyMax) is { } value)
        {
            monthly = value;
            return true;
        }

        return false;
    }

    private static bool ResidencyOf(string text, out Residency? residency)
    {
        residency = GraduateValidator.ParseResidency(text);
        return residency is not null;
    }

    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex MobilePhone();

    [GeneratedRegex(@"^(\d{6}[TK]{0,2}|\d{4})$")]
    private static partial Regex MajorCodePattern();
}

/// <summary>A stored graduate's id is namespaced by university: <c>{university code}-{学号}</c>, so the same
/// student number at two universities is two graduates, and the id itself says which university owns it.</summary>
public static partial class GraduateIds
{
    /// <summary>A student number as a university files it.</summary>
    public static bool IsValid(string? studentNumber) => studentNumber is not null && StudentNumber().IsMatch(studentNumber);

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
    internal static partial Regex StudentNumber();
}

/// <summary>A graduate ledger row, validated as a JSON profile is.</summary>
public static class GraduateRowValidator
{
    public static RowOutcome<GraduateProfile> Validate(LedgerSheet sheet, RawRow row, string ledgerId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(row);
        var (profile, errors, warnings) = GraduateValidator.Validate(new SheetRowSource(sheet, row), ledgerId, now);
        return new RowOutcome<GraduateProfile>(row.Number, profile, errors, warnings);
    }
}
