using System.Text.RegularExpressions;
using Liuhu.Core.Domain;
using Liuhu.Core.Fairs;
using Liuhu.Core.Validation;

namespace Liuhu.Core.Ledgers;

/// <summary>Turns one row of a vacancy ledger into a <see cref="Vacancy"/>, or says in Chinese what is wrong.
/// Every column is declared once in <see cref="VacancyFields"/> with its limit and read before the post is built.</summary>
public static class VacancyRowValidator
{
    /// <param name="fairs">The fairs the 招聘会编号 column may name; without it, any fair named is unknown.</param>
    public static RowOutcome<Vacancy> Validate(LedgerSheet sheet, RawRow row, string ledgerId, DateTimeOffset now, LedgerLimits? limits = null, FairDirectory? fairs = null)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        ArgumentNullException.ThrowIfNull(row);
        var check = new FieldCheck(new SheetRowSource(sheet, row));
        var employerName = check.Read(VacancyFields.EmployerName);
        var creditCode = check.Read(VacancyFields.CreditCode);
        var title = check.Read(VacancyFields.Title);
        var postCode = check.Read(VacancyFields.PostCode);
        var headcount = check.Read(VacancyFields.Headcount(limits?.MaxHeadcount ?? LedgerLimits.DefaultMaxHeadcount));
        var degree = check.Read(VacancyFields.Degree);
        var cluster = check.Read(VacancyFields.Cluster);
        var majors = check.Read(VacancyFields.Majors);
        var skills = check.Read(VacancyFields.Skills);
        var description = check.Read(VacancyFields.Description);
        var salary = check.Read(VacancyFields.Salary);
        var district = check.Read(VacancyFields.District);
        var benefits = check.Read(VacancyFields.Benefits);
        var contactName = check.Read(VacancyFields.ContactName);
        var contactPhone = check.Read(VacancyFields.ContactPhone);
        var expiresOn = check.Read(VacancyFields.ExpiresOn);
        var postKind = check.Read(VacancyFields.PostKind);
        var employerTags = check.Read(VacancyFields.EmployerTags);
        var fairIds = check.Read(VacancyFields.Fairs);
        foreach (var fairId in fairIds)
        {
            if ((fairs ?? FairDirectory.Empty).Check(fairId) is { } finding)
            {
                check.Report(VacancyFields.Fairs.Name, finding);
            }
        }

        if (expiresOn.Value is { } date && date < DateOnly.FromDateTime(now.UtcDateTime))
        {
            check.Report(VacancyFields.ExpiresOn.Name, FieldFinding.Warning("expires_on.past", $"有效期 {date:yyyy-MM-dd} 已过"));
        }

        CheckLawful(check, (VacancyFields.Title.Name, title), (VacancyFields.Degree.Name, degree.Text), (VacancyFields.Majors.Name, string.Join('、', majors)),
            (VacancyFields.Skills.Name, string.Join('、', skills)), (VacancyFields.Description.Name, description), (VacancyFields.Benefits.Name, string.Join('、', benefits)));

        foreach (var unknown in MajorRequirement.Parse(majors, MajorCatalog.Default).Unrecognised)
        {
            check.Report(VacancyFields.Majors.Name, FieldFinding.Warning("majors.unrecognised", $"专业要求“{unknown}”不在专业目录中，已按原文保存，匹配时按名称比对"));
        }

        if (check.HasErrors)
        {
            return new RowOutcome<Vacancy>(row.Number, null, check.Errors, check.Warnings);
        }

        var vacancy = new Vacancy
        {
            VacancyId = postCode.Length > 0 ? VacancyIds.FromPostCode(creditCode, postCode) : VacancyIds.FromTitle(creditCode, title, district.Value ?? district.Text),
            EmployerCreditCode = creditCode,
            EmployerName = employerName,
            Title = title,
            PostCode = NullIfEmpty(postCode),
            Cluster = cluster.Value,
            Headcount = headcount!.Value,
            Degree = degree.Value,
            Majors = majors,
            Skills = skills,
            Description = NullIfEmpty(description),
            SalaryText = NullIfEmpty(salary.Text),
            Salary = salary.Value,
            District = district.Value,
            Location = NullIfEmpty(district.Text),
            Benefits = benefits,
            ContactName = NullIfEmpty(contactName),
            ContactPhone = NullIfEmpty(contactPhone),
            ExpiresOn = expiresOn.Value,
            PostKind = postKind.Value,
            EmployerTags = employerTags,
            FairIds = fairIds,
            LedgerId = ledgerId,
            SourceRow = row.Number,
            FirstSeenAt = now,
            UpdatedAt = now,
        };
        return new RowOutcome<Vacancy>(row.Number, vacancy, check.Errors, check.Warnings);
    }

    /// <summary>Discriminatory requirements reject the row; an age limit is a warning (see <see cref="LawfulContent"/>).</summary>
    private static void CheckLawful(FieldCheck check, params (string Field, string Text)[] texts)
    {
        foreach (var (field, text) in texts)
        {
            foreach (var finding in LawfulContent.Check(text))
            {
                check.Report(field, finding.Code, finding.ChineseMessage, finding.RejectsRow ? Severity.Error : Severity.Warning);
            }
        }
    }

    private static string? NullIfEmpty(string text) => text.Length > 0 ? text : null;
}

/// <summary>The columns of a vacancy ledger and their rules: one line per column. Limits sit well under Table
/// Storage's (a list is stored as JSON, at most six characters per character, within a 32 K property).</summary>
public static partial class VacancyFields
{
    /// <summary>Longer than any real job description.</summary>
    public const int MaxTextLength = 4_000;

    public const int MaxShortTextLength = 100;

    public const int MaxListItems = 100;

    /// <summary>How many fairs one post may be linked to.</summary>
    public const int MaxFairs = 10;

    public static readonly TextField EmployerName = Fields.Text("employerName", MaxShortTextLength).Required("employer_name.required", "企业名称不能为空");

    public static readonly TextField CreditCode = Fields.Compact("employerCreditCode", 50).NormalisedBy(s => s.ToUpperInvariant())
        .Required("credit_code.required", "统一社会信用代码不能为空")
        .Checked(CheckCreditCode);

    public static readonly TextField Title = Fields.Text("title", MaxShortTextLength).Required("title.required", "岗位名称不能为空");

    public static readonly TextField PostCode = Fields.Compact("postCode", 64);

    public static readonly ParsedField<Degree> Degree = Fields.Text("degree", MaxShortTextLength)
        .As<Degree>(Degrees.TryParse, text => new("degree.invalid", $"学历要求“{text}”无法识别，应为 不限、中专、大专、本科、硕士 或 博士"), Domain.Degree.Any);

    public static readonly ParsedField<string?> Cluster = Fields.Text("cluster", MaxShortTextLength)
        .As<string?>(ClusterCode, text => FieldFinding.Warning("cluster.unknown", $"产业集群“{text}”无法识别，已留空；可填六大产业集群、现代服务业或公共岗位"));

    public static readonly ListField<string> Majors = Fields.List("majors", MaxTextLength, MaxListItems, MaxShortTextLength);

    public static readonly ListField<string> Skills = Fields.List("skills", MaxTextLength, MaxListItems, MaxShortTextLength);

    public static readonly TextField Description = Fields.Text("description", MaxTextLength);

    public static readonly ParsedField<SalaryRange> Salary = Fields.Text("salary", MaxShortTextLength)
        .As(SalaryParser.TryParse, text => FieldFinding.Warning("salary.unrecognised", $"薪资待遇“{text}”无法识别，已按原文保存（示例：5000-8000、5k-8k、4000元/月以上、8-12万/年、面议）"), SalaryRange.Unknown);

    /// <summary>The place as written is kept; its district code only when it is in Hohhot.</summary>
    public static readonly ParsedField<string?> District = Fields.Text("district", MaxShortTextLength)
        .As<string?>(DistrictCode, text => FieldFinding.Warning("district.unknown", $"工作地点“{text}”不在呼和浩特市各旗县区及开发区之内或无法识别，已按原文保存"));

    public static readonly ListField<string> Benefits = Fields.List("benefits", MaxTextLength, MaxListItems, MaxShortTextLength);

    public static readonly TextField ContactName = Fields.Text("contactName", MaxShortTextLength);

    public static readonly TextField ContactPhone = Fields.Compact("contactPhone", 30)
        .Matching(PhoneNumber(), text => FieldFinding.Warning("contact_phone.unrecognised", $"联系电话“{text}”格式不像手机号或固定电话，请核对"));

    public static readonly ParsedField<DateOnly?> ExpiresOn = Fields.Text("expiresOn", MaxShortTextLength)
        .As<DateOnly?>(DateParser.TryParse, text => new("expires_on.invalid", $"有效期“{text}”无法识别，请写作 2024-06-30、2024/6/30 或 2024年6月30日"));

    public static readonly ParsedField<PostKind?> PostKind = Fields.Text("postKind", MaxShortTextLength)
        .As<PostKind?>(PostKindOf, text => FieldFinding.Warning("post_kind.unknown", $"岗位类别“{text}”无法识别，已留空；可填 普通、见习、三支一扶/基层项目、事业单位、公益性岗位 或 劳务派遣/外包"));

    /// <summary>企业标签, several allowed; a tag outside the list rejects the row, since filters and the catalogue's
    /// breakdown would otherwise silently miss the post.</summary>
    public static readonly ListField<EmployerTag> EmployerTags = Fields.List("employerTags", MaxShortTextLength, 10, 30)
        .Of<EmployerTag>(Domain.EmployerTags.TryParse, text => new("employer_tags.invalid", $"企业标签“{text}”无法识别，可填 {Domain.EmployerTags.NameList}（多个用顿号分隔）"));

    /// <summary>招聘会编号, several allowed; each must name a fair on record (checked by the validator against a <see cref="FairDirectory"/>).</summary>
    public static readonly ListField<string> Fairs = Fields.List("fairIds", 200, MaxFairs, 30)
        .Of<string>(FairIds.TryNormalize, text => new("fair_id.invalid", $"招聘会编号“{text}”格式不正确，应为 ZPH、8 位日期、短横线和 4 位字母数字，如 ZPH20240615-K7Q2"));

    private static readonly NumberField HeadcountField = Fields.Number("headcount", 1, int.MaxValue,
            text => new("headcount.invalid", $"招聘人数须为正整数，“{text}”无法识别（如为“若干”，请填写预计人数）"))
        .WithUnits("人")
        .Required("headcount.required", "招聘人数不能为空");

    private static NumberField headcount = HeadcountAtMost(LedgerLimits.DefaultMaxHeadcount);

    /// <summary>招聘人数, at most <paramref name="max"/> a row: a larger figure is far more often a slip
    /// (an extra 0) than a real post, and it would swamp the programme's totals.</summary>
    public static NumberField Headcount(int max)
    {
        // Built once per configured limit, not per row.
        var current = headcount;
        return current.Max == max ? current : headcount = HeadcountAtMost(max);
    }

    private static NumberField HeadcountAtMost(int max) => HeadcountField.AtMost(max,
        text => new("headcount.too_large", $"招聘人数“{text}”超过每行上限 {max} 人，请核对是否多写了 0；确需招聘更多，请按岗位或工作地点分行填写"));

    private static FieldFinding? CheckCreditCode(string code) =>
        code.Length != 18 ? new("credit_code.length", $"统一社会信用代码“{code}”应为 18 位，实为 {code.Length} 位")
        : !Domain.CreditCode.IsValid(code) ? new("credit_code.checksum", $"统一社会信用代码“{code}”校验位不正确（GB 32100-2015），请核对")
        : null;

    private static bool PostKindOf(string text, out PostKind? kind)
    {
        kind = PostKinds.TryParse(text, out var parsed) ? parsed : null;
        return kind is not null;
    }

    private static bool ClusterCode(string text, out string? code)
    {
        code = Clusters.TryParse(text, out var cluster) ? cluster.Code : null;
        return code is not null;
    }

    private static bool DistrictCode(string text, out string? code)
    {
        code = Districts.TryParse(text, out var district) ? district.Code : null;
        return code is not null;
    }

    [GeneratedRegex(@"^(1[3-9]\d{9}|(0\d{2,3}-?)?\d{7,8}(-\d{1,6})?|400-?\d{3}-?\d{4})$")]
    private static partial Regex PhoneNumber();
}
