using Liuhu.Core.Policies;

namespace Liuhu.Core.Tests.Policies;

public class PolicyPageTests
{
    [Fact]
    public void Render_SeededList_SelfContainedWithUnenteredAmountsMarked()
    {
        var html = PolicyPage.Render(PolicySeeder.Read(), new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("id=\"policy-count\">10<", html, StringComparison.Ordinal);
        Assert.Contains("租金不超过市场价的 70%", html, StringComparison.Ordinal);
        Assert.Contains(PolicyPage.NotEntered, html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{PolicyPage.ProgressLink}\"", html, StringComparison.Ordinal);
    }
}
