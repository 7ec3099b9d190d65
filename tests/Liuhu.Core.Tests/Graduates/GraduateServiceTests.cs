using System.Text.Json;
using Liuhu.Core.Graduates;
using Liuhu.Core.Problems;
using Liuhu.Testing;

namespace Liuhu.Core.Tests.Graduates;

public class GraduateServiceTests
{
    private static readonly string Id = TestData.UniversityCode + "-2024001";

    private static JsonElement Body(object body) => JsonSerializer.SerializeToElement(body);

    [Fact]
    public void Parse_GenderFiveThousandCharactersAndLongSkills_422NamingEachField()
    {
        var ex = Assert.Throws<ProblemException>(() => GraduateService.Parse(Id, Body(new
        {
            degree = "本科", major = "软件工程", university = "内蒙古大学", consent = new { matching = true, shareWithEmployers = true },
            gender = new string('男', 5_000), ethnicity = new string('汉', 21), skills = Enumerable.Range(0, 60).Select(i => "技能" + i).ToArray(),
            certificates = new[] { new string('证', 101) },
        }), DateTimeOffset.UnixEpoch));

        Assert.Equal((422, "graduate.invalid"), (ex.Problem.Status, ex.Problem.Code));
        Assert.Equal([("skills", "list.too_many"), ("certificates", "list.item_too_long"), ("gender", "cell.too_long"), ("ethnicity", "cell.too_long")],
            ex.Problem.Errors!.Select(e => (e.Column!, e.Code)));
    }

    [Fact]
    public void Parse_EveryFieldAtItsLimit_Profile()
    {
        var profile = GraduateService.Parse(Id, Body(new
        {
            name = new string('名', 50), degree = "本科", major = new string('专', 100), university = new string('校', 100),
            consent = new { matching = true, shareWithEmployers = false }, gender = new string('男', 20), ethnicity = new string('汉', 20),
            skills = Enumerable.Range(0, GraduateFields.MaxListItems).Select(i => new string('技', 36) + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        }), DateTimeOffset.UnixEpoch);

        Assert.Equal((GraduateFields.MaxListItems, 20), (profile.Skills.Count, profile.Gender!.Length));
    }
}
