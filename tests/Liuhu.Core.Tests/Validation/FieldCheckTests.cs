using System.Text.RegularExpressions;
using Liuhu.Core.Problems;
using Liuhu.Core.Validation;

namespace Liuhu.Core.Tests.Validation;

public partial class FieldCheckTests
{
    /// <summary>A record's fields as a JSON body would give them; an issue names the field.</summary>
    private sealed class Record(params (string Field, string Value)[] values) : IFieldSource
    {
        public string Get(string field) => values.FirstOrDefault(v => v.Field == field).Value ?? string.Empty;

        public RowIssue Issue(string field, string code, string message) => new(7, field, code, message);
    }

    [Fact]
    public void Read_TextOverItsLimit_OneTooLongErrorAndEmptyValue()
    {
        var check = new FieldCheck(new Record(("title", new string('岗', 101))));
        var value = check.Read(Fields.Text("title", 100).Required("title.required", "岗位名称不能为空"));
        Assert.Equal(string.Empty, value);
        var error = Assert.Single(check.Errors);
        Assert.Equal((7, "title", "cell.too_long", "内容过长（101 字），不得超过 100 字"), (error.Row, error.Column, error.Code, error.Message));
    }

    [Fact]
    public void Read_TextFullWidthAndSpaced_FoldedCompactWhenDeclared()
    {
        var check = new FieldCheck(new Record(("a", " ＡＢ　１２ "), ("b", " ＡＢ　１２ ")));
        Assert.Equal(("AB 12", "AB12"), (check.Read(Fields.Text("a", 10)), check.Read(Fields.Compact("b", 10))));
        Assert.False(check.HasErrors);
    }

    [Fact]
    public void Read_RequiredEmpty_ItsOwnCode()
    {
        var check = new FieldCheck(new Record());
        check.Read(Fields.Text("major", 100).Required("major.required", "专业不能为空"));
        Assert.Equal("major.required", Assert.Single(check.Errors).Code);
    }

    [Fact]
    public void Read_PatternBrokenAsError_ValueDropped_AsWarning_ValueKept()
    {
        var check = new FieldCheck(new Record(("phone", "123"), ("contact", "123")));
        var phone = check.Read(Fields.Compact("phone", 20).Matching(Digits11(), _ => new("phone.invalid", "手机号格式不正确")));
        var contact = check.Read(Fields.Compact("contact", 20).Matching(Digits11(), t => FieldFinding.Warning("contact.odd", $"“{t}”")));
        Assert.Equal((string.Empty, "123"), (phone, contact));
        Assert.Equal("phone.invalid", Assert.Single(check.Errors).Code);
        Assert.Equal("contact.odd", Assert.Single(check.Warnings).Code);
    }

    [Fact]
    public void Read_ListOverItemCountOrItemLength_ListIssues()
    {
        var check = new FieldCheck(new Record(("many", string.Join('、', Enumerable.Range(0, 6).Select(i => "技能" + i))), ("long", "短、" + new string('长', 11))));
        Assert.Empty(check.Read(Fields.List("many", 100, 5, 10)));
        Assert.Equal(["短"], check.Read(Fields.List("long", 100, 5, 10)));
        Assert.Equal(["list.too_many", "list.item_too_long"], check.Errors.Select(e => e.Code));
        Assert.Contains("第 2 项过长（11 字）", check.Errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ListParsedItems_UnknownItemReportedIgnoredSkippedRepeatsOnce()
    {
        var check = new FieldCheck(new Record(("colours", "红、不限、蓝、红、紫")));
        var field = Fields.List("colours", 100, 10, 10).Of<int>(Colour, item => new("colour.invalid", $"颜色“{item}”无法识别"), "不限");
        Assert.Equal([1, 2], check.Read(field));
        Assert.Equal("颜色“紫”无法识别", Assert.Single(check.Errors).Message);
    }

    [Theory]
    [InlineData("10000", 10_000, null)]
    [InlineData("12人", 12, null)]
    [InlineData("10001", null, "too_large")]
    [InlineData("1e30", null, "invalid")]
    [InlineData("99999999999999999999", null, "too_large")]
    [InlineData("0", null, "invalid")]
    [InlineData("2.5", null, "invalid")]
    [InlineData("若干", null, "invalid")]
    public void Read_Number_WithinRangeOrTheRightError(string text, int? expected, string? code)
    {
        var check = new FieldCheck(new Record(("n", text)));
        var field = Fields.Number("n", 1, int.MaxValue, _ => new("invalid", "须为正整数")).WithUnits("人").AtMost(10_000, _ => new("too_large", "过大"));
        Assert.Equal(expected, check.Read(field));
        Assert.Equal(code, check.Errors.SingleOrDefault()?.Code);
    }

    [Theory]
    [InlineData("是", true, null)]
    [InlineData("×", false, null)]
    [InlineData("", null, "consent.required")]
    [InlineData("也许", null, "consent.invalid")]
    [InlineData("是是是是是是是是是是是", null, "cell.too_long")]
    public void Read_RequiredFlag_ValueOrCode(string text, bool? expected, string? code)
    {
        var check = new FieldCheck(new Record(("consent", text)));
        Assert.Equal(expected, check.Read(Fields.Flag("consent", "同意").Required()));
        Assert.Equal(code, check.Errors.SingleOrDefault()?.Code);
    }

    [Fact]
    public void Read_ParsedUnrecognisedAsWarning_TextKeptValueFallback()
    {
        var check = new FieldCheck(new Record(("colour", "紫")));
        var parsed = check.Read(Fields.Text("colour", 10).As<int>(Colour, t => FieldFinding.Warning("colour.unknown", t), -1));
        Assert.Equal(("紫", -1), (parsed.Text, parsed.Value));
        Assert.False(check.HasErrors);
    }

    private static bool Colour(string text, out int value)
    {
        value = text switch { "红" => 1, "蓝" => 2, _ => 0 };
        return value > 0;
    }

    [GeneratedRegex(@"^\d{11}$")]
    private static partial Regex Digits11();
}
