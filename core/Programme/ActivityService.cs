using System.Text.Json;
using Liuhu.Core.Access;
using Liuhu.Core.Catalogues;
using Liuhu.Core.Domain;
using Liuhu.Core.Problems;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Liuhu.Core.Programme;

/// <summary>Activity figures entered by the units responsible: a district its own 专场招聘 (the indicator whose
/// lead is the districts), the bureau any indicator, for the city or on behalf of a district.</summary>
public sealed class ActivityService(IActivityStore store, TimeProvider time, IOptions<ProgrammeOptions> options, ILogger<ActivityService> logger)
{
    public const long MaxValue = 1_000_000_000;
    public const int MaxNoteLength = 200;

    public async Task<ActivityFigure> EnterAsync(Caller caller, string indicatorCode, string monthText, JsonElement body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var indicator = ActivityIndicators.Find(indicatorCode) ?? throw new ProblemException(Problem.NotFound("indicator.not_found",
            "没有该活动指标", $"No activity indicator '{indicatorCode}'; see GET /api/programme/activities."));
        var month = Period.Parse(monthText);
        var now = time.GetUtcNow();
        if (month.Year != options.Value.Year || month.Start > now)
        {
            throw Invalid("month", "month.outside_year", $"月份应在 {options.Value.Year} 年度内且不晚于本月", $"The month must be within {options.Value.Year} and not in the future.");
        }

        if (caller.Kind != OrganisationKind.Bureau && caller.Kind != indicator.EnteredBy)
        {
            throw new ProblemException(new Problem(403, "indicator.not_responsible", $"“{indicator.Name}”由{indicator.LeadUnit}牵头，由市人社局录入",
                $"Only the bureau enters '{indicator.Code}'."));
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new ProblemException(Problem.BadRequest("json.invalid", "请求体应为 JSON 对象", "The body must be a JSON object."));
        }

        var value = body.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var number) && number is >= 0 and <= MaxValue
            ? number
            : throw Invalid("value", "value.invalid", $"value 应为 0 至 {MaxValue} 的整数（本月完成数，单位：{indicator.Unit}）", $"value must be a whole number from 0 to {MaxValue}.");
        var note = body.TryGetProperty("note", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        if (note?.Length > MaxNoteLength)
        {
            throw Invalid("note", "note.too_long", $"备注不得超过 {MaxNoteLength} 字", $"note may be at most {MaxNoteLength} characters.");
        }

        var unit = UnitOf(caller, indicator, body.TryGetProperty("district", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null);
        var figure = new ActivityFigure(indicator.Code, unit, month.ToString(), value, note, caller.OrganisationId, now);
        await store.SaveAsync(figure, cancellationToken);
        logger.LogInformation("Activity figure {Indicator} {Month} for {Unit} entered by {CredentialId}", indicator.Code, figure.Month, unit, caller.CredentialId);
        return figure;
    }

    /// <summary>A district enters for itself; the bureau for the city, or for the district it names (required
    /// for an indicator the districts lead).</summary>
    private static string UnitOf(Caller caller, ActivityIndicator indicator, string? districtText)
    {
        if (caller.Kind == OrganisationKind.District)
        {
            return caller.Tenant;
        }

        if (string.IsNullOrWhiteSpace(districtText))
        {
            return indicator.EnteredBy == OrganisationKind.District
                ? throw Invalid("district", "district.required", "该指标按旗县区统计，请填写 district（旗县区）", "This indicator is counted per district: name the district.")
                : ActivityFigure.City;
        }

        return Districts.TryParse(districtText, out var district) ? district.Code
            : throw Invalid("district", "district.invalid", $"“{districtText}”不是呼和浩特市的旗县区", $"'{districtText}' is not a district of Hohhot.");
    }

    private static ProblemException Invalid(string field, string code, string title, string detail) =>
        new(new Problem(422, code, title, detail) { Errors = [new RowIssue(null, field, code, title)] });
}
