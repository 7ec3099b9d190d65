using Azure.Data.Tables;
using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Core.Storage;
using Liuhu.Core.Tests.Ingestion;
using Liuhu.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Liuhu.Core.Tests.Graduates;

/// <summary>Every profile write appends its feature fields to an encrypted history, once per change; lists of
/// profiles never see it; erasure removes it.</summary>
[Collection(AzuriteCollection.Name)]
public class GraduateProfileVersionsTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);

    private static GraduateProfile Profile(string id, string major, DateTimeOffset at) => new()
    {
        GraduateId = id, Name = "孙一二", Phone = "13900001111", Degree = Degree.Bachelor, Major = major, Skills = ["Python"],
        Consent = new Consent(true, true), UpdatedAt = at,
    };

    private static string NewId() => TestData.UniversityCode + "-V" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task UpsertAsync_ChangedThenRepeated_OneVersionPerChangeEncryptedAndNotListed()
    {
        await using var services = await StorageTestHost.StartAsync(azurite);
        var store = services.GetRequiredService<IGraduateStore>();
        var versions = services.GetRequiredService<GraduateProfileVersions>();
        var id = NewId();

        await store.UpsertAsync(Profile(id, "软件工程", T0), CancellationToken.None);
        await store.UpsertAsync(Profile(id, "软件工程", T0.AddDays(1)), CancellationToken.None); // put again unchanged: no new version
        await store.UpsertAsync(Profile(id, "数据科学与大数据技术", T0.AddDays(10)), CancellationToken.None);
        await store.UpsertAsync(Profile(id, "数据科学与大数据技术", T0.AddDays(10)), CancellationToken.None); // a retried write

        var history = await versions.ReadAsync(id, CancellationToken.None);
        Assert.Equal([("软件工程", T0), ("数据科学与大数据技术", T0.AddDays(10))], history.Select(v => (v.Major, v.EffectiveFrom)));

        // Stored encrypted: neither the fields nor the name appear in the rows.
        var table = services.GetRequiredService<StorageClients>().Table(StorageNames.GraduatesTable);
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {GraduateProfileVersions.PartitionOf(id)}")))
        {
            Assert.DoesNotContain(row, kv => kv.Value is string s && (s.Contains("软件工程", StringComparison.Ordinal) || s.Contains("孙一二", StringComparison.Ordinal)));
        }

        // Lists of profiles read profiles only.
        var listed = new List<GraduateProfile>();
        await foreach (var p in store.ReadAllAsync(withPersonalData: false, CancellationToken.None))
        {
            listed.Add(p);
        }

        Assert.Single(listed, p => p.GraduateId == id);
        Assert.DoesNotContain(listed, p => p.GraduateId.Contains('|', StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpsertManyAsync_ThenErase_VersionsWrittenThenGone()
    {
        await using var services = await StorageTestHost.StartAsync(azurite);
        var store = services.GetRequiredService<IGraduateStore>();
        var versions = services.GetRequiredService<GraduateProfileVersions>();
        var ids = Enumerable.Range(0, 3).Select(_ => NewId()).ToList();

        await store.UpsertManyAsync(ids.Select(id => Profile(id, "会计学", T0)).ToList(), CancellationToken.None);
        var all = await versions.ReadAllAsync(CancellationToken.None);
        Assert.All(ids, id => Assert.Equal("会计学", all.At(Profile(id, "现在的专业", T0.AddDays(5)), T0.AddDays(1)).Major));

        Assert.True(await services.GetRequiredService<GraduateErasure>().EraseAsync(ids[0], CancellationToken.None));
        Assert.Empty(await versions.ReadAsync(ids[0], CancellationToken.None));
        Assert.Single(await versions.ReadAsync(ids[1], CancellationToken.None));
    }

    [Fact]
    public void At_BeforeBetweenAfterVersions_TheVersionInForce()
    {
        var id = NewId();
        var history = new ProfileHistory(new Dictionary<string, IReadOnlyList<ProfileVersion>>
        {
            [id] = [ProfileVersion.Of(Profile(id, "甲", T0)), ProfileVersion.Of(Profile(id, "乙", T0.AddDays(10)))],
        });
        var current = Profile(id, "丙", T0.AddDays(20));

        Assert.Equal("甲", history.At(current, T0.AddDays(-1)).Major); // before the first version: the closest known
        Assert.Equal("甲", history.At(current, T0.AddDays(9)).Major);
        Assert.Equal("乙", history.At(current, T0.AddDays(10)).Major);
        Assert.Equal("乙", history.At(current, T0.AddDays(30)).Major);
        Assert.Equal("丙", ProfileHistory.Empty.At(current, T0).Major);
        Assert.Same(history.At(current, T0.AddDays(1)), history.At(current, T0.AddDays(2))); // one object per version
    }
}
