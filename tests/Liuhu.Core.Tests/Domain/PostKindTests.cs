using Liuhu.Core.Domain;

namespace Liuhu.Core.Tests.Domain;

public class PostKindTests
{
    [Theory]
    [InlineData("见习", PostKind.Internship)]
    [InlineData("就业见习岗位", PostKind.Internship)]
    [InlineData("三支一扶", PostKind.Grassroots)]
    [InlineData("事业单位", PostKind.PublicInstitution)]
    [InlineData("公益性岗位", PostKind.PublicWelfare)]
    [InlineData("劳务派遣", PostKind.Dispatch)]
    [InlineData("外包", PostKind.Dispatch)]
    [InlineData("普通", PostKind.Regular)]
    [InlineData("public_institution", PostKind.PublicInstitution)]
    public void TryParse_KnownText_Kind(string text, PostKind expected)
    {
        Assert.True(PostKinds.TryParse(text, out var kind));
        Assert.Equal(expected, kind);
        Assert.True(PostKinds.TryParse(PostKinds.Code(kind), out var again));
        Assert.Equal(kind, again);
    }

    [Theory]
    [InlineData("")]
    [InlineData("兼职")]
    public void TryParse_Unknown_False(string text) => Assert.False(PostKinds.TryParse(text, out _));
}
