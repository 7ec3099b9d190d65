using Liuhu.Core.Domain;

namespace Liuhu.Core.Tests.Domain;

public class DistrictsTests
{
    [Theory]
    [InlineData("赛罕区", "saihan")]
    [InlineData("赛罕", "saihan")]
    [InlineData("呼和浩特市赛罕区敕勒川大街1号", "saihan")]
    [InlineData("托县", "togtoh")]
    [InlineData("土左旗", "tumed-left")]
    [InlineData("和林格尔县", "horinger")]
    [InlineData("和林格尔新区", "horinger-new-area")]
    [InlineData("和林新区", "horinger-new-area")]
    [InlineData("经开区", "etdz")]
    [InlineData("金桥开发区", "etdz")]
    [InlineData("清水河县", "qingshuihe")]
    public void TryParse_FullOrShortName_Code(string text, string code)
    {
        Assert.True(Districts.TryParse(text, out var district));
        Assert.Equal(code, district.Code);
    }

    [Fact]
    public void TryParse_OtherCity_False() => Assert.False(Districts.TryParse("包头市昆都仑区", out _));
}

public class ClustersTests
{
    [Theory]
    [InlineData("绿色农畜产品加工", "green-agrifood")]
    [InlineData("乳业", "green-agrifood")]
    [InlineData("新材料产业集群", "new-materials")]
    [InlineData("new-energy", "new-energy")]
    [InlineData("生物医药", "biomedicine")]
    [InlineData("新一代信息技术产业", "next-gen-it")]
    [InlineData("现代装备制造", "modern-equipment")]
    [InlineData("服务业", "services")]
    [InlineData("公益性岗位", "public")]
    public void TryParse_NameAliasOrCode_Code(string text, string code)
    {
        Assert.True(Clusters.TryParse(text, out var cluster));
        Assert.Equal(code, cluster.Code);
    }

    [Fact]
    public void All_SixManufacturingClustersPlusServicesAndPublic() =>
        Assert.Equal(6, Clusters.All.Count(c => c.IsManufacturing));
}

public class DegreesTests
{
    [Theory]
    [InlineData("不限", Degree.Any)]
    [InlineData("中专", Degree.Secondary)]
    [InlineData("大专及以上", Degree.Associate)]
    [InlineData("专科", Degree.Associate)]
    [InlineData("本科及以上学历", Degree.Bachelor)]
    [InlineData("硕士研究生", Degree.Master)]
    [InlineData("博士", Degree.Doctorate)]
    public void TryParse_Requirement_Level(string text, Degree expected)
    {
        Assert.True(Degrees.TryParse(text, out var degree));
        Assert.Equal(expected, degree);
    }
}
