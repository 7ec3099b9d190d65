using System.Text.Json;
using Liuhu.Core.Domain;
using Liuhu.Matching.Features;
using Liuhu.Matching.Serving;
using Liuhu.Ml.Cli;

namespace Liuhu.Matching.Tests.Serving;

/// <summary>The snapshot reads back as the index it was taken of, every field of every post included, and a
/// snapshot that is not whole, not this layout or altered anywhere is refused rather than half-read.</summary>
public sealed class IndexSnapshotTests
{
    /// <summary>A post with every field set to something other than its default, so that a field the layout forgot
    /// (for example one added to <see cref="Vacancy"/> later) fails the round trip.</summary>
    private static Vacancy EveryField() => Samples.Post("光伏电站运维见习岗", majors: ["电气工程及其自动化", "不认识的专业"], benefits: ["人才公寓", "五险一金"]) with
    {
        PostCode = "2-02-11-03",
        Description = "负责光伏电站日常巡检，熟悉Python者优先",
        SalaryText = "6000-9000元/月",
        Salary = new SalaryRange(6000, null, true),
        Location = "和林格尔新区盛乐园区",
        ContactName = "王老师",
        ContactPhone = "0471-1234567",
        ExpiresOn = new DateOnly(2024, 9, 30),
        PostKind = Core.Domain.PostKind.Internship,
        EmployerTags = [EmployerTag.Specialised, EmployerTag.ChainLeader],
        FairIds = ["F2024-06"],
        Status = VacancyStatus.Filled,
        SourceRow = 17,
        FirstSeenAt = new DateTimeOffset(2024, 5, 1, 9, 30, 0, TimeSpan.FromHours(8)),
        UpdatedAt = new DateTimeOffset(2024, 5, 20, 1, 2, 3, TimeSpan.Zero),
        Degree = Degree.Associate,
    };

    private static List<PostProfile> Market()
    {
        var posts = new MarketSimulator(5).Generate(400, 10, Samples.Now).Vacancies.Select(v => new PostProfile(v, MajorCatalog.Default)).ToList();
        posts.Add(new PostProfile(EveryField(), MajorCatalog.Default) { Applications = 7, Hires = 2, EmployerEffect = 0.25f, PostEffect = -0.5f });
        return posts;
    }

    private static Dictionary<Degree, LevelAppeal> Ratings(int count)
    {
        var random = new Random(9);
        float[] Rating() => [.. Enumerable.Range(0, count).Select(_ => random.NextSingle() * 4 - 2)];

        // With the profile cells the candidate stage orders by, so that a loaded index must carry them to answer alike.
        return PostAppeal.Levels.ToDictionary(d => d, _ => new LevelAppeal(Rating(), Rating(), [.. Enumerable.Range(0, ProfileAppeal.CellCount).Select(_ => Rating())]));
    }

    private static byte[] Written(VacancyIndex index, SnapshotCompression compression = SnapshotCompression.Brotli)
    {
        using var buffer = new MemoryStream();
        IndexSnapshot.Write(buffer, index, "model-7", Samples.Now.AddHours(-1), compression);
        return buffer.ToArray();
    }

    /// <summary>What the index answers each graduate of a simulated market: posts and scores, in order.</summary>
    private static List<string> Answers(VacancyIndex index, IEnumerable<Core.Graduates.GraduateProfile> graduates) =>
    [
        .. graduates.Select(g => new SeekerProfile(g, MajorCatalog.Default)).Select(seeker => string.Join(" ",
            Ranker.Rank(seeker, index.Candidates(seeker, 80), null, Samples.Now, 0.5).Take(20)
                .Select(r => FormattableString.Invariant($"{r.Post.Vacancy.VacancyId}:{r.Score:R}")))),
    ];

    [Theory]
    [InlineData(SnapshotCompression.Brotli, true)]
    [InlineData(SnapshotCompression.None, true)]
    [InlineData(SnapshotCompression.Brotli, false)]
    public void ToIndex_LoadedSnapshot_AnswersAsTheScannedIndex(SnapshotCompression compression, bool rated)
    {
        var market = new MarketSimulator(11).Generate(600, 60, Samples.Now);
        var posts = market.Vacancies.Select(v => new PostProfile(v, MajorCatalog.Default)).OrderBy(p => p.Vacancy.VacancyId, StringComparer.Ordinal).ToList();
        var scanned = rated ? new VacancyIndex(posts, Samples.Now, Ratings(posts.Count)) : new VacancyIndex(posts, Samples.Now);

        var loaded = IndexSnapshot.Read(new MemoryStream(Written(scanned, compression)), MajorCatalog.Default);
        var index = loaded.ToIndex(Samples.Now);

        Assert.True(loaded.HasIndexParts);
        Assert.Equal(Answers(scanned, market.Graduates), Answers(index, market.Graduates));

        // Profiled behind the answers, every post reads as its scanned twin.
        index.PrepareAll();
        Assert.Equal(posts.Select(p => JsonSerializer.Serialize(p.Vacancy)), index.Posts.Select(p => JsonSerializer.Serialize(p.Vacancy)));
        Assert.Equal(Answers(scanned, market.Graduates), Answers(index, market.Graduates));
    }

    [Fact]
    public void Read_SnapshotOfAnotherBuild_ListsDerivedAgainSameAnswers()
    {
        var market = new MarketSimulator(12).Generate(300, 30, Samples.Now);
        var posts = market.Vacancies.Select(v => new PostProfile(v, MajorCatalog.Default)).OrderBy(p => p.Vacancy.VacancyId, StringComparer.Ordinal).ToList();
        var scanned = new VacancyIndex(posts, Samples.Now, Ratings(posts.Count));
        var bytes = Written(scanned, SnapshotCompression.None);

        // Another build's id where this build's is, the hash made right again: a snapshot another build wrote.
        var id = typeof(VacancyIndex).Assembly.ManifestModule.ModuleVersionId.ToByteArray();
        var at = bytes.AsSpan().LastIndexOf(id);
        Assert.True(at > 0);
        bytes[at] ^= 0xFF;
        System.Security.Cryptography.SHA256.HashData(bytes.AsSpan(HeaderLength), bytes.AsSpan(16, 32));

        var loaded = IndexSnapshot.Read(new MemoryStream(bytes), MajorCatalog.Default);

        Assert.False(loaded.HasIndexParts);
        Assert.Equal(Answers(scanned, market.Graduates), Answers(loaded.ToIndex(Samples.Now), market.Graduates));
    }

    [Fact]
    public void ToIndex_StoredListNamesAPostPastTheEnd_Refused()
    {
        var posts = Market();
        var bytes = Written(new VacancyIndex(posts, Samples.Now, Ratings(posts.Count)), SnapshotCompression.None);

        // The newest-first order's first post made one past the end, the hash made right again: damage the hash cannot see.
        var id = typeof(VacancyIndex).Assembly.ManifestModule.ModuleVersionId.ToByteArray();
        var derivedStart = bytes.AsSpan().LastIndexOf(id) + id.Length + 4;
        BitConverter.TryWriteBytes(bytes.AsSpan(derivedStart + (posts.Count * 4)), posts.Count);
        System.Security.Cryptography.SHA256.HashData(bytes.AsSpan(HeaderLength), bytes.AsSpan(16, 32));

        var loaded = IndexSnapshot.Read(new MemoryStream(bytes), MajorCatalog.Default);

        Assert.Throws<InvalidDataException>(() => loaded.ToIndex(Samples.Now));
    }

    private const int HeaderLength = 60;

    [Fact]
    public void Read_WrittenIndex_SameIndexBack()
    {
        var posts = Market();
        var index = new VacancyIndex(posts, Samples.Now, Ratings(posts.Count));

        var loaded = IndexSnapshot.Read(new MemoryStream(Written(index)), MajorCatalog.Default);

        Assert.Equal(Samples.Now, loaded.BuiltAt);
        Assert.Equal(Samples.Now.AddHours(-1), loaded.CountsAt);
        Assert.Equal("model-7", loaded.ModelVersion);
        Assert.Equal(posts.Count, loaded.Posts.Count);
        for (var i = 0; i < posts.Count; i++)
        {
            var (before, after) = (posts[i], loaded.Posts[i]);
            Assert.Equal(JsonSerializer.Serialize(before.Vacancy), JsonSerializer.Serialize(after.Vacancy));
            Assert.Equal(before.Vacancy.FirstSeenAt.Offset, after.Vacancy.FirstSeenAt.Offset);
            Assert.Equal((before.Applications, before.Hires, before.EmployerEffect, before.PostEffect), (after.Applications, after.Hires, after.EmployerEffect, after.PostEffect));
            Assert.Equal(before.TextSkills, after.TextSkills);
            Assert.Equal(before.MajorClasses.Order(), after.MajorClasses.Order());
            Assert.Equal(before.Requirement.Unrecognised, after.Requirement.Unrecognised);
        }

        foreach (var level in PostAppeal.Levels)
        {
            Assert.Equal(index.AppealByDegree![level].AnyMajor, loaded.AppealByDegree![level].AnyMajor);
            Assert.Equal(index.AppealByDegree[level].OwnMajor, loaded.AppealByDegree[level].OwnMajor);
            Assert.Equal(index.AppealByDegree[level].Cells, loaded.AppealByDegree[level].Cells);
        }

        // The index built from it chooses the same candidates, levels included.
        var rebuilt = loaded.ToIndex(Samples.Now);
        foreach (var degree in new[] { Degree.Associate, Degree.Bachelor, Degree.Master })
        {
            var seeker = new SeekerProfile(Samples.Graduate(degree: degree), MajorCatalog.Default);
            Assert.Equal(index.Candidates(seeker, 60).Select(p => p.Vacancy.VacancyId), rebuilt.Candidates(seeker, 60).Select(p => p.Vacancy.VacancyId));
        }
    }

    [Fact]
    public void Read_EveryFieldOfAPost_NoneLeftAtItsDefault()
    {
        // Guards the test above: each property of the sample differs from a bare post's, so each is round-tripped.
        var bare = new Vacancy { VacancyId = "x", EmployerCreditCode = "x", EmployerName = "x", Title = "x", Headcount = 0, LedgerId = "x" };
        var sample = EveryField();
        foreach (var property in typeof(Vacancy).GetProperties().Where(p => p.Name is not ("VacancyId" or "EmployerCreditCode" or "EmployerName" or "Title" or "Headcount" or "LedgerId")))
        {
            Assert.NotEqual(JsonSerializer.Serialize(property.GetValue(bare)), JsonSerializer.Serialize(property.GetValue(sample)));
        }
    }

    [Fact]
    public void Read_IndexWithoutModelRatings_PriorsBack()
    {
        var index = new VacancyIndex(Market(), Samples.Now);

        var loaded = IndexSnapshot.Read(new MemoryStream(Written(index)), MajorCatalog.Default);

        Assert.Null(loaded.AppealByDegree);
        Assert.Equal(index.Appeal, loaded.Appeal);
        var seeker = new SeekerProfile(Samples.Graduate(), MajorCatalog.Default);
        Assert.Equal(index.Candidates(seeker, 40).Select(p => p.Vacancy.VacancyId), loaded.ToIndex(Samples.Now).Candidates(seeker, 40).Select(p => p.Vacancy.VacancyId));
    }

    public static TheoryData<string, SnapshotCompression> Damages => new()
    {
        { "empty", SnapshotCompression.Brotli }, { "garbage", SnapshotCompression.Brotli }, { "truncated-header", SnapshotCompression.Brotli },
        { "truncated-body", SnapshotCompression.Brotli }, { "flipped-byte", SnapshotCompression.Brotli }, { "trailing-bytes", SnapshotCompression.Brotli },
        { "old-layout", SnapshotCompression.Brotli }, { "wrong-magic", SnapshotCompression.Brotli },
        { "truncated-body", SnapshotCompression.None }, { "flipped-byte", SnapshotCompression.None }, { "flipped-length", SnapshotCompression.None },
        { "flipped-compression", SnapshotCompression.None },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public void Read_DamagedSnapshot_Refused(string damage, SnapshotCompression compression)
    {
        var posts = Market();
        var bytes = Written(new VacancyIndex(posts, Samples.Now, Ratings(posts.Count)), compression);
        byte[] damaged = damage switch
        {
            "empty" => [],
            "garbage" => [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31))],
            "truncated-header" => bytes[..20],
            "truncated-body" => bytes[..(bytes.Length - 100)],
            "flipped-byte" => Flipped(bytes, bytes.Length / 2),
            "trailing-bytes" => [.. bytes, 0],
            "old-layout" => Flipped(bytes, 4, IndexSnapshot.LayoutVersion ^ (IndexSnapshot.LayoutVersion - 1)),
            "flipped-length" => Flipped(bytes, 48, 0x01),
            "flipped-compression" => Flipped(bytes, 56, 0x01),
            _ => Flipped(bytes, 0),
        };

        Assert.Throws<InvalidDataException>(() => IndexSnapshot.Read(new MemoryStream(damaged), MajorCatalog.Default));
    }

    /// <summary>A copy with one byte changed (xor <paramref name="mask"/>).</summary>
    private static byte[] Flipped(byte[] bytes, int at, int mask = 0x5A)
    {
        var copy = bytes.ToArray();
        copy[at] ^= (byte)mask;
        return copy;
    }
}
