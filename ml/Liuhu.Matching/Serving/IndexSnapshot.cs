using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Liuhu.Core.Domain;
using Liuhu.Matching.Features;

namespace Liuhu.Matching.Serving;

/// <summary>What an index snapshot holds: when it was built and up to when its application counts go, under which
/// model, each post with the parts of its profile that cost most to derive, and the appeal ratings the index orders
/// by (one per degree level when a model rated them, else the pay-and-housing prior).</summary>
public sealed record LoadedIndexSnapshot(
    DateTimeOffset BuiltAt,
    DateTimeOffset CountsAt,
    string ModelVersion,
    IReadOnlyList<PostProfile> Posts,
    IReadOnlyList<float> Appeal,
    IReadOnlyDictionary<Degree, LevelAppeal>? AppealByDegree)
{
    /// <summary>The index this snapshot was taken of, ordered and rated as it was.</summary>
    public VacancyIndex ToIndex(DateTimeOffset builtAt) =>
        AppealByDegree is { } levels ? new VacancyIndex(Posts, builtAt, levels) : new VacancyIndex(Posts, builtAt, Appeal);
}

/// <summary>The matching index as a compact binary blob, written whenever the index changes, so that a new instance
/// loads it instead of scanning every post and outcome, then catches up on the posts changed since. Layout: an
/// uncompressed header (magic, layout version, body length, SHA-256 of the body), then a Brotli body holding a
/// table of distinct strings and, per post, its fields as numbers and indexes into that table — no JSON, so reading
/// costs little more than the bytes. A snapshot of another layout or feature schema, one whose body is not the
/// length or hash its header says, or one that does not read back whole, is refused
/// (<see cref="InvalidDataException"/>); the caller then scans the tables.</summary>
public static class IndexSnapshot
{
    /// <summary>Bumped whenever the layout below changes: an instance never reads a layout it does not know.
    /// 1: Brotli over each post's JSON; 2: header with length and hash, string table, binary fields, appeal per level.</summary>
    public const int LayoutVersion = 2;

    public const string BlobName = "index-snapshot.bin";

    private const int Magic = 0x5849484C; // "LHIX"

    private const int HeaderLength = 4 + 4 + 8 + 32;

    /// <summary>Far above any real market; a header claiming more is damage, not data.</summary>
    private const int MaxPosts = 10_000_000;

    private const long MaxBodyBytes = 2L * 1024 * 1024 * 1024;

    public static void Write(Stream stream, VacancyIndex index, string modelVersion) => Write(stream, index, modelVersion, index?.BuiltAt ?? default);

    /// <param name="countsAt">When the posts' application counts were last read from the outcomes.</param>
    public static void Write(Stream stream, VacancyIndex index, string modelVersion, DateTimeOffset countsAt)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(modelVersion);
        using var body = new MemoryStream();
        using (var compressed = new BrotliStream(body, CompressionLevel.Fastest, leaveOpen: true))
        using (var buffered = new BufferedStream(compressed, 1 << 16))
        using (var writer = new BinaryWriter(buffered, Encoding.UTF8, leaveOpen: true))
        {
            WriteBody(writer, index, modelVersion, countsAt);
        }

        var header = new byte[HeaderLength];
        BinaryPrimitives.WriteInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), LayoutVersion);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(8), body.Length);
        SHA256.HashData(body.GetBuffer().AsSpan(0, (int)body.Length), header.AsSpan(16));
        stream.Write(header);
        stream.Write(body.GetBuffer(), 0, (int)body.Length);
    }

    /// <exception cref="InvalidDataException">Another layout or feature schema, or a damaged blob.</exception>
    public static LoadedIndexSnapshot Read(Stream stream, MajorCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(catalog);
        try
        {
            var header = new byte[HeaderLength];
            stream.ReadExactly(header);
            if (BinaryPrimitives.ReadInt32LittleEndian(header) != Magic)
            {
                throw new InvalidDataException("Not an index snapshot.");
            }

            if (BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4)) is var layout && layout != LayoutVersion)
            {
                throw new InvalidDataException($"Index snapshot layout {layout}, this instance reads {LayoutVersion}.");
            }

            var length = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(8));
            if (length is <= 0 or > MaxBodyBytes)
            {
                throw new InvalidDataException($"Index snapshot body of {length} bytes.");
            }

            // Checked before a byte of it is decompressed: a blob cut short or altered anywhere is refused whole.
            var body = new byte[length];
            stream.ReadExactly(body);
            if (stream.ReadByte() != -1)
            {
                throw new InvalidDataException("The index snapshot goes on past the length its header says.");
            }

            if (!SHA256.HashData(body).AsSpan().SequenceEqual(header.AsSpan(16)))
            {
                throw new InvalidDataException("The index snapshot's hash does not match its body.");
            }

            using var compressed = new BrotliStream(new MemoryStream(body, writable: false), CompressionMode.Decompress);
            using var buffered = new BufferedStream(compressed, 1 << 16);
            using var reader = new BinaryReader(buffered, Encoding.UTF8);
            return ReadBody(reader, catalog);
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException or FormatException or ArgumentException or InvalidOperationException or IndexOutOfRangeException or OverflowException)
        {
            throw new InvalidDataException($"The index snapshot could not be read ({ex.GetType().Name}).", ex);
        }
    }

    private static void WriteBody(BinaryWriter writer, VacancyIndex index, string modelVersion, DateTimeOffset countsAt)
    {
        writer.Write(PairFeatures.Schema.Version);
        writer.Write(index.BuiltAt.UtcTicks);
        writer.Write(countsAt.UtcTicks);
        writer.Write(modelVersion);

        // Every text once: employers, ledgers, clusters and districts repeat across thousands of posts.
        var strings = new StringTable();
        foreach (var post in index.Posts)
        {
            strings.AddAll(post);
        }

        writer.Write7BitEncodedInt(strings.Values.Count);
        foreach (var value in strings.Values)
        {
            writer.Write(value);
        }

        writer.Write7BitEncodedInt(index.Posts.Count);
        foreach (var post in index.Posts)
        {
            WritePost(writer, strings, post);
        }

        WriteFloats(writer, index.Appeal);
        var levels = index.AppealByDegree;
        writer.Write7BitEncodedInt(levels?.Count ?? 0);
        foreach (var (degree, appeal) in levels?.OrderBy(l => l.Key) ?? Enumerable.Empty<KeyValuePair<Degree, LevelAppeal>>())
        {
            writer.Write7BitEncodedInt((int)degree);
            WriteFloats(writer, appeal.AnyMajor);
            WriteFloats(writer, appeal.OwnMajor);
        }

        // Read back last: a body that decodes short of here was not written whole.
        writer.Write(index.Posts.Count);
        writer.Write(Magic);
    }

    private static LoadedIndexSnapshot ReadBody(BinaryReader reader, MajorCatalog catalog)
    {
        if (reader.ReadString() is var schema && schema != PairFeatures.Schema.Version)
        {
            throw new InvalidDataException($"Index snapshot of feature schema {schema}, this instance serves {PairFeatures.Schema.Version}.");
        }

        var builtAt = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
        var countsAt = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
        var modelVersion = reader.ReadString();
        var strings = new string[Count(reader, int.MaxValue, "strings")];
        for (var i = 0; i < strings.Length; i++)
        {
            strings[i] = reader.ReadString();
        }

        var count = Count(reader, MaxPosts, "posts");
        var parts = new PostParts[count];
        for (var i = 0; i < count; i++)
        {
            parts[i] = ReadPost(reader, strings);
        }

        var appeal = ReadFloats(reader, count);
        var levelCount = Count(reader, 16, "levels");
        Dictionary<Degree, LevelAppeal>? levels = levelCount == 0 ? null : [];
        for (var l = 0; l < levelCount; l++)
        {
            var degree = (Degree)reader.Read7BitEncodedInt();
            levels![degree] = new LevelAppeal(ReadFloats(reader, count), ReadFloats(reader, count));
        }

        if (reader.ReadInt32() != count || reader.ReadInt32() != Magic)
        {
            throw new InvalidDataException("The index snapshot does not end where its header says.");
        }

        // Read serially (the stream is sequential), then profile in parallel: the rest of each profile is derived.
        var posts = new PostProfile[count];
        Parallel.For(0, count, i =>
        {
            var p = parts[i];
            posts[i] = new PostProfile(p.Vacancy, catalog, p.Requirement, p.TextSkills)
            {
                Applications = p.Applications,
                Hires = p.Hires,
                EmployerEffect = p.EmployerEffect,
                PostEffect = p.PostEffect,
            };
        });
        return new LoadedIndexSnapshot(builtAt, countsAt, modelVersion, posts, appeal, levels);
    }

    private sealed record PostParts(Vacancy Vacancy, MajorRequirement Requirement, List<string> TextSkills, int Applications, int Hires, float EmployerEffect, float PostEffect);

    private static void WritePost(BinaryWriter writer, StringTable strings, PostProfile post)
    {
        var v = post.Vacancy;
        strings.Write(writer, v.VacancyId);
        strings.Write(writer, v.EmployerCreditCode);
        strings.Write(writer, v.EmployerName);
        strings.Write(writer, v.Title);
        strings.Write(writer, v.PostCode);
        strings.Write(writer, v.Cluster);
        writer.Write7BitEncodedInt(v.Headcount);
        writer.Write7BitEncodedInt((int)v.Degree);
        strings.WriteList(writer, v.Majors);
        strings.WriteList(writer, v.Skills);
        strings.Write(writer, v.Description);
        strings.Write(writer, v.SalaryText);
        WriteOptional(writer, v.Salary.MonthlyMin);
        WriteOptional(writer, v.Salary.MonthlyMax);
        writer.Write(v.Salary.Negotiable);
        strings.Write(writer, v.District);
        strings.Write(writer, v.Location);
        strings.WriteList(writer, v.Benefits);
        strings.Write(writer, v.ContactName);
        strings.Write(writer, v.ContactPhone);
        WriteOptional(writer, v.ExpiresOn?.DayNumber);
        WriteOptional(writer, (int?)v.PostKind);
        writer.Write7BitEncodedInt(v.EmployerTags.Count);
        foreach (var tag in v.EmployerTags)
        {
            writer.Write7BitEncodedInt((int)tag);
        }

        strings.WriteList(writer, v.FairIds);
        writer.Write7BitEncodedInt((int)v.Status);
        strings.Write(writer, v.LedgerId);
        writer.Write7BitEncodedInt(v.SourceRow);
        WriteTime(writer, v.FirstSeenAt);
        WriteTime(writer, v.UpdatedAt);

        var requirement = post.Requirement;
        writer.Write(requirement.AnyMajor);
        strings.WriteList(writer, [.. requirement.Codes]);
        strings.WriteList(writer, [.. requirement.Classes]);
        strings.WriteList(writer, [.. requirement.Disciplines]);
        strings.WriteList(writer, requirement.Unrecognised);
        strings.WriteList(writer, post.TextSkills);
        writer.Write7BitEncodedInt(post.Applications);
        writer.Write7BitEncodedInt(post.Hires);
        writer.Write(post.EmployerEffect);
        writer.Write(post.PostEffect);
    }

    private static PostParts ReadPost(BinaryReader reader, string[] strings)
    {
        string Text() => ReadString(reader, strings) ?? throw new InvalidDataException("A required text of a post is missing in the index snapshot.");
        string? Optional() => ReadString(reader, strings);
        List<string> List() => ReadList(reader, strings);
        var vacancy = new Vacancy
        {
            VacancyId = Text(),
            EmployerCreditCode = Text(),
            EmployerName = Text(),
            Title = Text(),
            PostCode = Optional(),
            Cluster = Optional(),
            Headcount = reader.Read7BitEncodedInt(),
            Degree = Defined((Degree)reader.Read7BitEncodedInt()),
            Majors = List(),
            Skills = List(),
            Description = Optional(),
            SalaryText = Optional(),
            Salary = new SalaryRange(ReadOptional(reader), ReadOptional(reader), reader.ReadBoolean()),
            District = Optional(),
            Location = Optional(),
            Benefits = List(),
            ContactName = Optional(),
            ContactPhone = Optional(),
            ExpiresOn = ReadOptional(reader) is { } day ? DateOnly.FromDayNumber(day) : null,
            PostKind = ReadOptional(reader) is { } kind ? Defined((PostKind)kind) : null,
            EmployerTags = ReadTags(reader),
            FairIds = List(),
            Status = Defined((VacancyStatus)reader.Read7BitEncodedInt()),
            LedgerId = Text(),
            SourceRow = reader.Read7BitEncodedInt(),
            FirstSeenAt = ReadTime(reader),
            UpdatedAt = ReadTime(reader),
        };
        var requirement = new MajorRequirement
        {
            AnyMajor = reader.ReadBoolean(),
            Codes = List().ToHashSet(StringComparer.Ordinal),
            Classes = List().ToHashSet(StringComparer.Ordinal),
            Disciplines = List().ToHashSet(StringComparer.Ordinal),
            Unrecognised = List(),
        };
        return new PostParts(vacancy, requirement, List(), reader.Read7BitEncodedInt(), reader.Read7BitEncodedInt(), reader.ReadSingle(), reader.ReadSingle());
    }

    private static T Defined<T>(T value)
        where T : struct, Enum =>
        Enum.IsDefined(value) ? value : throw new InvalidDataException($"{typeof(T).Name} {value} is not one this instance knows.");

    private static List<EmployerTag> ReadTags(BinaryReader reader)
    {
        var tags = new List<EmployerTag>(Count(reader, 1_000, "tags"));
        for (var i = 0; i < tags.Capacity; i++)
        {
            tags.Add(Defined((EmployerTag)reader.Read7BitEncodedInt()));
        }

        return tags;
    }

    private static int Count(BinaryReader reader, int max, string what)
    {
        var count = reader.Read7BitEncodedInt();
        return count >= 0 && count <= max ? count : throw new InvalidDataException($"The index snapshot claims {count} {what}.");
    }

    private static string? ReadString(BinaryReader reader, string[] strings)
    {
        // 0 is null; n is strings[n - 1].
        var at = reader.Read7BitEncodedInt();
        return at == 0 ? null : (uint)(at - 1) < (uint)strings.Length ? strings[at - 1] : throw new InvalidDataException($"String {at} of {strings.Length} in the index snapshot.");
    }

    private static List<string> ReadList(BinaryReader reader, string[] strings)
    {
        var values = new List<string>(Count(reader, 100_000, "items in a list"));
        for (var i = 0; i < values.Capacity; i++)
        {
            values.Add(ReadString(reader, strings) ?? throw new InvalidDataException("A null item in a list in the index snapshot."));
        }

        return values;
    }

    private static void WriteOptional(BinaryWriter writer, int? value)
    {
        writer.Write(value.HasValue);
        if (value is { } v)
        {
            writer.Write(v);
        }
    }

    private static int? ReadOptional(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadInt32() : null;

    private static void WriteTime(BinaryWriter writer, DateTimeOffset time)
    {
        writer.Write(time.UtcTicks);
        writer.Write((short)time.Offset.TotalMinutes);
    }

    private static DateTimeOffset ReadTime(BinaryReader reader)
    {
        var ticks = reader.ReadInt64();
        var offset = TimeSpan.FromMinutes(reader.ReadInt16());
        return new DateTimeOffset(ticks + offset.Ticks, offset);
    }

    private static void WriteFloats(BinaryWriter writer, IReadOnlyList<float> values)
    {
        writer.Write7BitEncodedInt(values.Count);
        var bytes = new byte[values.Count * sizeof(float)];
        for (var i = 0; i < values.Count; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        writer.Write(bytes);
    }

    private static float[] ReadFloats(BinaryReader reader, int expected)
    {
        if (reader.Read7BitEncodedInt() != expected)
        {
            throw new InvalidDataException("An appeal array in the index snapshot is not one value per post.");
        }

        var bytes = reader.ReadBytes(expected * sizeof(float));
        if (bytes.Length != expected * sizeof(float))
        {
            throw new EndOfStreamException();
        }

        var values = new float[expected];
        for (var i = 0; i < expected; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
        }

        return values;
    }

    /// <summary>Each distinct text of the snapshot once, numbered from 1 (0 stands for null).</summary>
    private sealed class StringTable
    {
        private readonly Dictionary<string, int> numbers = new(StringComparer.Ordinal);

        public List<string> Values { get; } = [];

        public void AddAll(PostProfile post)
        {
            var v = post.Vacancy;
            foreach (var value in (string?[])[v.VacancyId, v.EmployerCreditCode, v.EmployerName, v.Title, v.PostCode, v.Cluster, v.Description, v.SalaryText,
                v.District, v.Location, v.ContactName, v.ContactPhone, v.LedgerId])
            {
                Add(value);
            }

            foreach (var list in (IEnumerable<string>[])[v.Majors, v.Skills, v.Benefits, v.FairIds, post.Requirement.Codes, post.Requirement.Classes,
                post.Requirement.Disciplines, post.Requirement.Unrecognised, post.TextSkills])
            {
                foreach (var value in list)
                {
                    Add(value);
                }
            }
        }

        private void Add(string? value)
        {
            if (value is not null && !numbers.ContainsKey(value))
            {
                Values.Add(value);
                numbers[value] = Values.Count;
            }
        }

        public void Write(BinaryWriter writer, string? value) => writer.Write7BitEncodedInt(value is null ? 0 : numbers[value]);

        public void WriteList(BinaryWriter writer, IReadOnlyCollection<string> values)
        {
            writer.Write7BitEncodedInt(values.Count);
            foreach (var value in values)
            {
                Write(writer, value);
            }
        }
    }
}
