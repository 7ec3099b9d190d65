using System.Globalization;
using System.Text.Json;
using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Core.Problems;

namespace Liuhu.Core.Policies;

/// <summary>The facts a caller posts to ask which policies apply: only what the conditions read (degree,
/// graduation year, 户籍, 离校未就业, housing; optionally the job), nothing that names a person. Each field may be
/// left out: a policy that needs it then answers "needs information".</summary>
public static class EligibilityRequest
{
    private static readonly string[] GraduateFields = ["degree", "graduationYear", "residency", "leftSchoolUnemployed", "housing"];
    private static readonly string[] JobFields = ["employmentRoute", "employerKind", "district", "postKind"];

    public static (GraduateFacts Graduate, JobFacts? Job) Parse(JsonElement body, DateOnly today)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new ProblemException(Problem.BadRequest("json.invalid", "请求体应为 JSON 对象", "The body must be a JSON object."));
        }

        var errors = new List<RowIssue>();
        string? Text(JsonElement element, string name) => element.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String when v.GetString()!.Length > 50 => Fail(name, "too_long", "内容过长（不得超过 50 字）"),
            JsonValueKind.String => v.GetString() is { Length: > 0 } s ? s : null,
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
            JsonValueKind.Null => null,
            _ => Fail(name, "type", "应为字符串、数字或布尔值"),
        } : null;
        string? Fail(string field, string code, string message)
        {
            errors.Add(new RowIssue(null, field, $"eligibility.{code}", message));
            return null;
        }

        Degree? degree = null;
        if (Text(body, "degree") is { } degreeText)
        {
            degree = Degrees.TryParse(degreeText, out var d) ? d : null;
            if (degree is null)
            {
                Fail("degree", "degree_invalid", "学历应为 中专、大专、本科、硕士 或 博士");
            }
        }

        int? years = null;
        if (Text(body, "graduationYear") is { } yearText)
        {
            if (int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year >= 1950 && year <= today.Year + 1)
            {
                years = Math.Max(0, today.Year - year);
            }
            else
            {
                Fail("graduationYear", "graduation_year_invalid", $"毕业年份应为 1950 到 {today.Year + 1} 之间的年份");
            }
        }

        Residency? residency = null;
        if (Text(body, "residency") is { } residencyText && (residency = GraduateValidator.ParseResidency(residencyText)) is null)
        {
            Fail("residency", "residency_invalid", "户籍情况应为 hohhot_hukou（呼和浩特户籍）、hohhot_resident（呼和浩特常住）或 external（外地）");
        }

        bool? leftSchool = null;
        switch (Text(body, "leftSchoolUnemployed"))
        {
            case "true" or "是":
                leftSchool = true;
                break;
            case "false" or "否":
                leftSchool = false;
                break;
            case { } other:
                Fail("leftSchoolUnemployed", "bool_invalid", $"是否离校未就业应为 true 或 false，而非“{other}”");
                break;
        }
        var housing = Code(PolicyFacts.Housing, "housing", Text(body, "housing"), errors);

        JobFacts? job = null;
        if (body.TryGetProperty("job", out var jobElement) && jobElement.ValueKind == JsonValueKind.Object)
        {
            var district = Text(jobElement, "district") is { } districtText
                ? (Districts.TryParse(districtText, out var parsed) ? parsed.Code : Fail("job.district", "district_invalid", "工作地点不是呼和浩特市的旗县区或开发区"))
                : null;
            PostKind? postKind = null;
            if (Text(jobElement, "postKind") is { } kindText)
            {
                postKind = PostKinds.TryParse(kindText, out var kind) ? kind : null;
                if (postKind is null)
                {
                    Fail("job.postKind", "post_kind_invalid", "岗位类别应为 regular、internship、grassroots、public_institution、public_welfare 或 dispatch");
                }
            }

            job = new JobFacts(
                Code(PolicyFacts.EmploymentRoute, "job.employmentRoute", Text(jobElement, "employmentRoute"), errors),
                Code(PolicyFacts.EmployerKind, "job.employerKind", Text(jobElement, "employerKind"), errors),
                district,
                postKind);
        }

        foreach (var property in body.EnumerateObject().Where(p => !GraduateFields.Contains(p.Name) && p.Name != "job"))
        {
            Fail(property.Name, "field_unknown", $"不支持的字段；可填 {string.Join("、", GraduateFields)} 与 job（{string.Join("、", JobFields)}）。不要提交姓名、电话等个人信息");
        }

        if (errors.Count > 0)
        {
            throw new ProblemException(new Problem(422, "eligibility.invalid", "查询条件有误，请按 errors 逐项修改", $"{errors.Count} invalid field(s); see errors.") { Errors = errors });
        }

        return (new GraduateFacts(degree, years, residency, leftSchool, housing), job);
    }

    /// <summary>The housing situation given with a query (e.g. ?housing=no_home), checked against the fact's codes.</summary>
    public static string? Housing(string? text)
    {
        var errors = new List<RowIssue>();
        var housing = Code(PolicyFacts.Housing, "housing", string.IsNullOrEmpty(text) ? null : text, errors);
        return errors.Count == 0 ? housing : throw new ProblemException(Problem.BadRequest("housing.invalid", "housing 应为 no_home 或 owns_home", "housing must be no_home or owns_home."));
    }

    private static string? Code(string fact, string field, string? text, List<RowIssue> errors)
    {
        if (text is null)
        {
            return null;
        }

        var definition = PolicyFacts.Find(fact)!;
        if (definition.Values.Any(v => v.Code == text))
        {
            return text;
        }

        errors.Add(new RowIssue(null, field, "eligibility.value_invalid", $"“{definition.Name}”应为：{string.Join("、", definition.Values.Select(v => $"{v.Code}（{v.Name}）"))}"));
        return null;
    }
}
