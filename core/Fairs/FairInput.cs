using System.Text.Json;
using Liuhu.Core.Domain;
using Liuhu.Core.Problems;

namespace Liuhu.Core.Fairs;

/// <summary>A fair as a request body gives it: every member optional on PATCH, name, kind and startsOn required on POST.</summary>
internal sealed record FairInput(string? Name, FairKind? Kind, DateOnly? StartsOn, DateOnly? EndsOn, string? Place, bool? Online, string? District)
{
    public static FairInput Parse(JsonElement body, bool requireAll)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw FairService.Invalid("body", "请求体应为 JSON 对象", "The body must be a JSON object.");
        }

        var errors = new List<RowIssue>();
        void Error(string field, string message) => errors.Add(new RowIssue(null, field, "fair.invalid", message));

        var name = TextNormalizer.Fold(JsonFields.String(body, "name"));
        if (name.Length == 0 && requireAll)
        {
            Error("name", "招聘会名称不能为空");
        }
        else if (name.Length > FairService.MaxNameLength)
        {
            Error("name", $"招聘会名称不得超过 {FairService.MaxNameLength} 字");
        }

        FairKind? kind = null;
        if (JsonFields.String(body, "kind") is { Length: > 0 } kindText)
        {
            kind = FairKinds.TryParse(kindText, out var parsed) ? parsed : null;
            if (kind is null)
            {
                Error("kind", $"招聘会类型“{Clip(kindText)}”无法识别，应为 专场、校园 或 线上（special、campus、online）");
            }
        }
        else if (requireAll)
        {
            Error("kind", "招聘会类型不能为空：专场、校园 或 线上");
        }

        var startsOn = Date(body, "startsOn", requireAll, Error);
        var endsOn = Date(body, "endsOn", required: false, Error);
        var place = TextNormalizer.Fold(JsonFields.String(body, "place"));
        if (place.Length > FairService.MaxPlaceLength)
        {
            Error("place", $"举办地点不得超过 {FairService.MaxPlaceLength} 字");
        }

        bool? online = body.TryGetProperty("online", out var o) ? o.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        } : null;
        if (body.TryGetProperty("online", out var onlineValue) && online is null && onlineValue.ValueKind != JsonValueKind.Null)
        {
            Error("online", "online 应为 true 或 false");
        }

        string? district = null;
        if (JsonFields.String(body, "district") is { Length: > 0 } districtText)
        {
            district = Districts.TryParse(districtText, out var d) ? d.Code : null;
            if (district is null)
            {
                Error("district", $"主办旗县区“{Clip(districtText)}”无法识别");
            }
        }

        if (requireAll && kind != FairKind.Online && online != true && place.Length == 0)
        {
            Error("place", "现场招聘会须填写举办地点；线上招聘会请将 kind 设为 online 或 online 设为 true");
        }

        if (errors.Count > 0)
        {
            throw new ProblemException(Problem.BadRequest("fair.invalid", errors[0].Message, "The fair has invalid fields; see errors.") with { Errors = errors });
        }

        if (startsOn is { } s)
        {
            CheckDates(s, endsOn ?? s);
        }

        return new FairInput(name.Length > 0 ? name : null, kind, startsOn, endsOn, place.Length > 0 ? place : null, online, district);
    }

    public bool IsEmpty => Name is null && Kind is null && StartsOn is null && EndsOn is null && Place is null && Online is null && District is null;

    public Fair ApplyTo(Fair fair)
    {
        var kind = Kind ?? fair.Kind;
        var startsOn = StartsOn ?? fair.StartsOn;
        return fair with
        {
            Name = Name ?? fair.Name,
            Kind = kind,
            StartsOn = startsOn,
            // A new start without an end keeps the fair's length (a one-day fair moved stays one day).
            EndsOn = EndsOn ?? (StartsOn is null ? fair.EndsOn : startsOn.AddDays(Math.Max(0, fair.EndsOn.DayNumber - fair.StartsOn.DayNumber))),
            Place = Place ?? fair.Place,
            Online = Online ?? (kind == FairKind.Online || fair.Online),
            District = District ?? fair.District,
        };
    }

    public static void CheckDates(DateOnly startsOn, DateOnly endsOn)
    {
        if (endsOn < startsOn)
        {
            throw FairService.Invalid("endsOn", "结束日期不能早于开始日期", "endsOn is before startsOn.");
        }

        if (endsOn.DayNumber - startsOn.DayNumber >= FairService.MaxDurationDays)
        {
            throw FairService.Invalid("endsOn", $"招聘会持续时间不得超过 {FairService.MaxDurationDays} 天", $"A fair lasts at most {FairService.MaxDurationDays} days.");
        }
    }

    private static DateOnly? Date(JsonElement body, string field, bool required, Action<string, string> error)
    {
        var text = JsonFields.String(body, field);
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                error(field, $"{field} 不能为空，请写作 2024-06-15");
            }

            return null;
        }

        if (text.Length <= 40 && DateParser.TryParse(text, out var date) && date is { } d)
        {
            return d;
        }

        error(field, $"日期“{Clip(text)}”无法识别，请写作 2024-06-15、2024/6/15 或 2024年6月15日");
        return null;
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
