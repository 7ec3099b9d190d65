using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Core.Ledgers;
using Liuhu.Core.Problems;
using Liuhu.Core.Validation;

namespace Liuhu.Core.Programme;

/// <summary>One graduate employed by one route (就业去向), as a university, a district or the bureau records it.
/// One record per graduate and route: recording the same route again replaces it, so a file imported twice
/// counts once. <see cref="District"/> and <see cref="Cluster"/> are where the job is (codes); for a hire
/// through a registered post they may be left out and come from the post.</summary>
public sealed record EmploymentRecord
{
    public required string GraduateId { get; init; }

    /// <summary>A code of <see cref="EmploymentRoutes"/>.</summary>
    public required string Route { get; init; }

    public required DateOnly EmployedOn { get; init; }

    public string? District { get; init; }

    public string? Cluster { get; init; }

    public string? VacancyId { get; init; }

    public string? EmployerName { get; init; }

    /// <summary>户籍情况 as the record states it; when absent, the graduate's profile says.</summary>
    public Residency? Residency { get; init; }

    /// <summary>毕业院校是否驻呼 as the record states it; when absent, a university registered in Liuhu (the
    /// programme's university tenants are the 驻呼高校) says yes.</summary>
    public bool? StudiedInHohhot { get; init; }

    /// <summary>The university code the graduate id begins with, kept on the record so that an erased
    /// graduate's record (moved to a random id) still counts for its university.</summary>
    public string? University { get; init; }

    /// <summary>The organisation that recorded it, and how ("api" or a file).</summary>
    public string RecordedBy { get; init; } = string.Empty;

    public DateTimeOffset RecordedAt { get; init; }
}

/// <summary>The 就业去向 file's columns: the same field names the API's JSON body uses.</summary>
public static class EmploymentSchema
{
    public static readonly LedgerSchema Columns = new("employment",
    [
        new("graduateId", "毕业生编号", true, "学号", "学号/编号", "编号", "graduateId"),
        new("route", "就业渠道", true, "就业去向", "去向类别", "就业类别", "就业形式", "route"),
        new("employedOn", "就业日期", true, "签约日期", "录用日期", "入职日期", "就业时间", "employedOn"),
        new("district", "工作地点", false, "就业地区", "旗县区", "所在旗县区", "district"),
        new("cluster", "所属产业集群", false, "产业集群", "所属产业", "行业", "cluster"),
        new("vacancyId", "岗位ID", false, "平台岗位编号", "vacancyId"),
        new("employerName", "就业单位", false, "单位名称", "用人单位", "创业项目", "employerName"),
        new("residency", "户籍情况", false, "户籍", "户口", "residency"),
        new("studiedInHohhot", "是否驻呼高校毕业", false, "驻呼高校", "毕业院校是否驻呼", "studiedInHohhot"),
    ]);
}

/// <summary>The fields of an employment record and their rules, one line each; read the same way from a file row
/// and from a JSON body.</summary>
public static class EmploymentFields
{
    public const int MaxEmployerNameLength = 100;

    public static readonly TextField GraduateId = Fields.Compact("graduateId", 100)
        .Required("graduate_id.required", "毕业生编号不能为空：填“高校代码-学号”，如 4115010126-2024001");

    public static readonly ParsedField<EmploymentRoute?> Route = Fields.Compact("route", 30)
        .As<EmploymentRoute?>(RouteOf, text => new("route.invalid", $"就业渠道“{text}”无法识别，应为：{EmploymentRoutes.Names}"))
        .Required("route.required", $"就业渠道不能为空，应为：{EmploymentRoutes.Names}");

    public static readonly ParsedField<DateOnly?> EmployedOn = Fields.Compact("employedOn", 30)
        .As<DateOnly?>(DateParser.TryParse, text => new("employed_on.invalid", $"就业日期“{text}”无法识别，应为日期，如 2024-06-30"))
        .Required("employed_on.required", "就业日期不能为空");

    public static readonly ParsedField<string?> District = Fields.Compact("district", 50)
        .As<string?>(DistrictCode, text => new("district.invalid", $"工作地点“{text}”不是呼和浩特市的旗县区或开发区"));

    public static readonly ParsedField<string?> Cluster = Fields.Compact("cluster", 50)
        .As<string?>(ClusterCode, text => new("cluster.invalid", $"产业集群“{text}”无法识别"));

    public static readonly TextField VacancyId = Fields.Compact("vacancyId", 200)
        .Checked(text => VacancyIds.TrySplit(text, out _, out _) ? null : new("vacancy_id.invalid", $"岗位ID“{text}”格式不正确，应为平台上的岗位ID"));

    public static readonly TextField EmployerName = Fields.Text("employerName", MaxEmployerNameLength);

    public static readonly ParsedField<Residency?> Residency = Fields.Compact("residency", 30)
        .As<Residency?>(ResidencyOf, text => new("residency.invalid", $"户籍情况“{text}”无法识别，应为 呼和浩特户籍、呼和浩特常住 或 外地"));

    public static readonly FlagField StudiedInHohhot = Fields.Flag("studiedInHohhot", "是否驻呼高校毕业");

    private static bool RouteOf(string text, out EmploymentRoute? route)
    {
        var found = EmploymentRoutes.TryParse(text, out var parsed);
        route = found ? parsed : null;
        return found;
    }

    private static bool DistrictCode(string text, out string? code)
    {
        code = Districts.TryParse(text, out var district) ? district.Code : null;
        return code is not null;
    }

    private static bool ClusterCode(string text, out string? code)
    {
        code = Clusters.TryParse(text, out var cluster) ? cluster.Code : null;
        return code is not null;
    }

    private static bool ResidencyOf(string text, out Residency? residency)
    {
        residency = GraduateValidator.ParseResidency(text);
        return residency is not null;
    }
}

/// <summary>Validates one employment record, from a file row or a JSON body, against the fields' rules and the
/// programme: the date within the programme year and not in the future.</summary>
public static class EmploymentValidator
{
    public static (EmploymentRecord? Record, IReadOnlyList<RowIssue> Errors, IReadOnlyList<RowIssue> Warnings) Validate(
        IFieldSource source, int programmeYear, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(source);
        var check = new FieldCheck(source);
        var graduateId = check.Read(EmploymentFields.GraduateId);
        var route = check.Read(EmploymentFields.Route);
        var employedOn = check.Read(EmploymentFields.EmployedOn);
        var district = check.Read(EmploymentFields.District);
        var cluster = check.Read(EmploymentFields.Cluster);
        var vacancyId = check.Read(EmploymentFields.VacancyId);
        var employerName = check.Read(EmploymentFields.EmployerName);
        var residency = check.Read(EmploymentFields.Residency);
        var studiedInHohhot = check.Read(EmploymentFields.StudiedInHohhot);

        if (employedOn.Value is { } date)
        {
            var today = DateOnly.FromDateTime(now.ToOffset(Catalogues.Period.Beijing).DateTime);
            if (date > today)
            {
                check.Report("employedOn", "employed_on.future", $"就业日期 {date:yyyy-MM-dd} 晚于今天，请核对");
            }
            else if (date.Year != programmeYear)
            {
                check.Report("employedOn", "employed_on.outside_year", $"就业日期 {date:yyyy-MM-dd} 不在 {programmeYear} 年度专项行动期内");
            }
        }

        if (check.HasErrors)
        {
            return (null, check.Errors, check.Warnings);
        }

        var record = new EmploymentRecord
        {
            GraduateId = graduateId,
            Route = route.Value!.Code,
            EmployedOn = employedOn.Value!.Value,
            District = district.Value,
            Cluster = cluster.Value,
            VacancyId = vacancyId.Length > 0 ? vacancyId : null,
            EmployerName = employerName.Length > 0 ? employerName : null,
            Residency = residency.Value,
            StudiedInHohhot = studiedInHohhot,
        };
        return (record, check.Errors, check.Warnings);
    }
}
