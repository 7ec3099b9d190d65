using System.Buffers.Text;
using System.Text;
using Liuhu.Core.Domain;
using Liuhu.Core.Storage;
using Liuhu.Core.Tests.Ingestion;
using Liuhu.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Liuhu.Core.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public class ContinuationTokensTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("junk")]
    [InlineData("no-space-at-all")]
    [InlineData(" leading")]
    [InlineData("trailing ")]
    [InlineData("three parts here")]
    [InlineData("line\r\nbreak x")]
    [InlineData("中文 键")]
    [InlineData("a\u0000 b")]
    public void TryDecode_ValidBase64OfJunk_Refused(string junk)
    {
        var encoded = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(junk));

        Assert.False(ContinuationTokens.TryDecode(encoded, out var token));
        Assert.Null(token);
    }

    [Fact]
    public void TryDecode_InvalidUtf8_Refused()
    {
        var encoded = Base64Url.EncodeToString([0xff, 0xfe, 0x20, 0x41]);

        Assert.False(ContinuationTokens.TryDecode(encoded, out _));
    }

    [Fact]
    public void TryDecode_Oversized_Refused()
    {
        var encoded = ContinuationTokens.Encode(new string('A', ContinuationTokens.MaxDecodedLength) + " B");

        Assert.False(ContinuationTokens.TryDecode(encoded, out _));
    }

    [Theory]
    [InlineData("1!8!cGsx 1!12!cm93LTAwMQ--")]
    [InlineData("cGsx cm93LTAwMQ==")]
    public void TryDecode_TableServiceShapes_RoundTrip(string token)
    {
        Assert.True(ContinuationTokens.TryDecode(ContinuationTokens.Encode(token), out var decoded));
        Assert.Equal(token, decoded);
    }

    [Fact]
    public async Task TryDecode_TokensTheStoreHandsOut_AcceptedAndPageOn()
    {
        await using var services = await StorageTestHost.StartAsync(azurite);
        var store = services.GetRequiredService<IVacancyStore>();
        var credit = TestData.NewCreditCode();
        await store.UpsertFromLedgerAsync(Enumerable.Range(0, 30).Select(i => new Vacancy
        {
            VacancyId = VacancyIds.FromPostCode(credit, "中文岗位" + i),
            EmployerCreditCode = credit,
            EmployerName = "示范",
            Title = "岗位" + i,
            Headcount = 1,
            Cluster = "biomedicine",
            LedgerId = "L",
        }).ToList(), CancellationToken.None);

        var first = await store.ListAsync(new VacancyQuery(null, null, credit, null, 10, null), CancellationToken.None);
        Assert.NotNull(first.ContinuationToken);
        Assert.True(ContinuationTokens.TryDecode(ContinuationTokens.Encode(first.ContinuationToken), out var decoded));
        var second = await store.ListAsync(new VacancyQuery(null, null, credit, null, 10, decoded), CancellationToken.None);

        Assert.Equal(10, second.Items.Count);
        Assert.Empty(second.Items.Select(v => v.VacancyId).Intersect(first.Items.Select(v => v.VacancyId)));
    }
}
