using System.Buffers.Binary;
using System.Collections;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Liuhu.Core.Domain;
using Liuhu.Matching.Features;

namespace Liuhu.Matching.Serving;

/// <summary>What an index snapshot holds: when it was built and up to when its application counts go, under which
/// model, each post (profiled when first read), the appeal ratings the index orders by (one per degree level when a
/// model rated them, else the pay-and-housing prior), and — when this very build of the matching assembly wrote
/// it — what the index derived from its posts, so that <see cref="ToIndex"/> derives nothing again.</summary>
public sealed record LoadedIndexSnapshot(
    DateTimeOffset BuiltAt,
    DateTimeOffset CountsAt,
    string ModelVersion,
    IReadOnlyList<PostProfile> Posts,
    IReadOnlyList<float> Appeal,
    IReadOnlyDictionary<Degree, LevelAppeal>? AppealByDegree)
{
    /// <summary>The index's own lists and orders as stored, or null when another build wrote them.</summary>
    internal VacancyIndexParts? Parts { get; init; }

    /// <summary>Whether <see cref="ToIndex"/> takes the stored lists and orders (else it derives them from the posts).</summary>
    public bool HasIndexParts => Parts is not null;

    /// <summary>The index this snapshot was taken of, ordered and rated as it was. With the stored parts no post is
    /// profiled until read; call <see cref="VacancyIndex.PrepareAll"/> off the request path to profile them all.</summary>
    public VacancyIndex ToIndex(DateTimeOffset builtAt) =>
        Parts is { } parts ? new VacancyIndex(Posts, builtAt, parts)
        : AppealByDegree is { } levels ? new VacancyIndex(Posts, builtAt, levels) : new VacancyIndex(Posts, builtAt, Appeal);
}

/// <summary>How a snapshot's body is stored: Brotli (quality 1) costs a little time to inflate and saves most of the
/// bytes read from storage; none is for measuring what that trade is.</summary>
public enum SnapshotCompression
{
    None = 0,
    Brotli = 1,
}

/// <summary>The matching index as a binary blob, written whenever the index changes, so that a new instance loads it
/// instead of scanning every post and outcome, then catches up on the posts changed since. Layout: an uncompressed
/// header (magic, layout version, stored body length, SHA-256 of the stored body, inflated length, compression),
/// then a body of sections, each a few bulk arrays read straight into memory: a table of distinct strings (UTF-8,
/// by offset, decoded when first read), each post's fields as one record of numbers and string numbers (decoded
/// and profiled when the post is first read), per-post columns catch-up reads (id, open until), the ratings, and
/// the index's own inverted lists and orders as offsets and postings. A snapshot of another layout or feature
/// schema, one whose body is not the length or hash its header says, or one that does not read back whole, is
/// refused (<see cref="InvalidDataException"/>); the caller then scans the tables.</summary>
public static class IndexSnapshot
{
    /// <summary>Bumped whenever the layout below changes: an instance never reads a layout it does not know.
    /// 1: Brotli over each post's JSON; 2: header with length and hash, string table, binary fields, appeal per level;
    /// 3: bulk sections, posts decoded when read, the index's lists and orders stored.</summary>
    public const int LayoutVersion = 4;

    public const string BlobName = "index-snapshot.bin";

    private const int Magic = 0x5849484C; // "LHIX"

    private const int HeaderLength = 4 + 4 + 8 + 32 + 8 + 4;

    /// <summary>Far above any real market; a header claiming more is damage, not data.</summary>
    private const int MaxPosts = 10_000_000;

    private const long MaxBodyBytes = int.MaxValue - 64;

    /// <summary>Which build of this assembly derived the stored lists: another build may derive them otherwise.</summary>
    private static readonly Guid BuildId = typeof(VacancyIndex).Assembly.ManifestModule.ModuleVersionId;

    public static void Write(Stream stream, VacancyIndex index, string modelVersion) => Write(stream, index, modelVersion, index?.BuiltAt ?? default);

    /// <param name="countsAt">When the posts' application counts were last read from the outcomes.</param>
    public static void Write(Stream stream, VacancyIndex index, string modelVersion, DateTimeOffset countsAt, SnapshotCompression compression = SnapshotCompression.Brotli)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(modelVersion);
        var raw = new MemoryStream();
        using (var writer = new BinaryWriter(raw, Encoding.UTF8, leaveOpen: true))
        {
            WriteBody(writer, index, modelVersion, countsAt);
        }

        var rawBytes = raw.GetBuffer().AsSpan(0, (int)raw.Length);
        byte[] stored;
        if (compression == SnapshotCompression.Brotli)
        {
            var bound = BrotliEncoder.GetMaxCompressedLength(rawBytes.Length);
            stored = new byte[bound];
            if (!BrotliEncoder.TryCompress(rawBytes, stored, out var written, quality: 1, window: 22))
            {
                throw new InvalidOperationException("The index snapshot did not compress.");
            }

            Array.Resize(ref stored, written);
        }
        else
        {
            stored = rawBytes.ToArray();
        }

        var header = new byte[HeaderLength];
        BinaryPrimitives.WriteInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), LayoutVersion);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(8), stored.Length);
        SHA256.HashData(stored, header.AsSpan(16));
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(48), rawBytes.Length);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(56), (int)compression);
        stream.Write(header);
        stream.Write(stored);
    }

    /// <exception cref="InvalidDataException">Another layout or feature schema, or a damaged blob.</exception>
    public static LoadedIndexSnapshot Read(Stream stream, MajorCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(catalog);
        try
        {
            if (!BitConverter.IsLittleEndian)
            {
                throw new InvalidDataException("Index snapshots are read on little-endian machines only.");
            }

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
            var rawLength = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(48));
            var compression = (SnapshotCompression)BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(56));
            if (length is <= 0 or > MaxBodyBytes || rawLength is <= 0 or > MaxBodyBytes || !Enum.IsDefined(compression)
                || (compression == SnapshotCompression.None && rawLength != length))
            {
                throw new InvalidDataException($"Index snapshot body of {length} bytes ({rawLength} inflated, {compression}).");
            }

            // Checked before a byte of it is inflated: a blob cut short or altered anywhere is refused whole.
            var body = new byte[length];
            stream.ReadExactly(body);
            if (stream.ReadByte() != -1)
            {
                throw new InvalidDataException("The index snapshot goes on past the length its header says.");
            }

            if (!SHA256.HashData(body).AsSpan().SequenceEqual(header.AsSpan(16, 32)))
            {
                throw new InvalidDataException("The index snapshot's hash does not match its body.");
            }

            var raw = body;
            if (compression == SnapshotCompression.Brotli)
            {
                raw = new byte[rawLength];
                if (!BrotliDecoder.TryDecompress(body, raw, out var written) || written != rawLength)
                {
                    throw new InvalidDataException("The index snapshot's body does not inflate to the length its header says.");
                }
            }

            return ReadBody(raw, catalog);
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
        var posts = index.Posts;
        writer.Write(posts.Count);

        // Every text once: employers, ledgers, clusters and districts repeat across thousands of posts.
        var strings = new StringTable();
        foreach (var post in posts)
        {
            strings.AddAll(post);
        }

        strings.WriteTo(writer);

        // One record per post, found by offset, so that a post is decoded only when read.
        using var records = new MemoryStream();
        using var recordWriter = new BinaryWriter(records, Encoding.UTF8, leaveOpen: true);
        var starts = new int[posts.Count + 1];
        for (var i = 0; i < posts.Count; i++)
        {
            starts[i] = (int)records.Position;
            WritePost(recordWriter, strings, posts[i]);
        }

        recordWriter.Flush();
        starts[posts.Count] = (int)records.Position;
        WriteArray<int>(writer, starts);
        writer.Write(records.GetBuffer().AsSpan(0, (int)records.Length));

        // What catch-up reads of every post without decoding it: its id and until when it is open.
        WriteArray<int>(writer, [.. posts.Select(p => strings.Number(p.Vacancy.VacancyId))]);
        WriteArray<int>(writer, [.. posts.Select(p => OpenUntil(p.Vacancy))]);

        var parts = index.Parts();
        WriteArray<float>(writer, parts.Prior);
        var levels = parts.Levels?.OrderBy(l => l.Key).ToList() ?? [];
        writer.Write(levels.Count);
        foreach (var (degree, level) in levels)
        {
            writer.Write((int)degree);
            WriteArray<float>(writer, level.AnyMajor);
            WriteArray<float>(writer, level.OwnMajor);
            writer.Write(level.Cells?.Length ?? 0);
            foreach (var cell in level.Cells ?? [])
            {
                WriteArray<float>(writer, cell);
            }
        }

        // The derived section, read only by the build that wrote it (its length lets another build skip it).
        using var derived = new MemoryStream();
        using (var derivedWriter = new BinaryWriter(derived, Encoding.UTF8, leaveOpen: true))
        {
            WriteArray<int>(derivedWriter, parts.ByAppeal);
            WriteArray<int>(derivedWriter, parts.Newest);
            derivedWriter.Write(parts.PublicOrTraineeship.Length);
            WriteArray<int>(derivedWriter, parts.PublicOrTraineeship);
            derivedWriter.Write(parts.Lists.Count);
            foreach (var (name, lists) in parts.Lists.OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                derivedWriter.Write(name);
                WriteLists(derivedWriter, lists);
            }

            foreach (var (_, level) in levels)
            {
                WriteArray<int>(derivedWriter, level.Order);
                WriteLists(derivedWriter, level.ClassByOwnMajor);
            }

            derivedWriter.Write(parts.ProfileCells is not null);
            if (parts.ProfileCells is { } cells)
            {
                WriteArray<int>(derivedWriter, cells.ClusterOf);
                WriteArray<int>(derivedWriter, cells.DistrictOf);
                foreach (var codes in (string[][])[cells.Clusters, cells.Districts])
                {
                    derivedWriter.Write(codes.Length);
                    foreach (var code in codes)
                    {
                        derivedWriter.Write(code);
                    }
                }
            }
        }

        writer.Write(BuildId.ToByteArray());
        writer.Write((int)derived.Length);
        writer.Write(derived.GetBuffer().AsSpan(0, (int)derived.Length));

        // Read back last: a body that decodes short of here was not written whole.
        writer.Write(posts.Count);
        writer.Write(Magic);
    }

    private static LoadedIndexSnapshot ReadBody(byte[] body, MajorCatalog catalog)
    {
        var reader = new SpanReader(body);
        if (reader.ReadString() is var schema && schema != PairFeatures.Schema.Version)
        {
            throw new InvalidDataException($"Index snapshot of feature schema {schema}, this instance serves {PairFeatures.Schema.Version}.");
        }

        var builtAt = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
        var countsAt = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
        var modelVersion = reader.ReadString();
        var count = reader.ReadCount(MaxPosts, "posts");
        var strings = StoredStrings.Read(ref reader);
        var starts = reader.ReadArray<int>(count + 1);
        if (starts[0] != 0 || !IsAscending(starts))
        {
            throw new InvalidDataException("The index snapshot's post offsets are out of order.");
        }

        var records = reader.ReadBytes(starts[count]);
        var ids = strings.Checked(reader.ReadArray<int>(count));
        var openUntil = reader.ReadArray<int>(count);
        var prior = reader.ReadArray<float>(count);
        var levelCount = reader.ReadCount(16, "levels");
        var ratings = new List<(Degree Degree, float[] Any, float[] Own, float[][]? Cells)>(levelCount);
        for (var l = 0; l < levelCount; l++)
        {
            var (degree, any, own) = (Defined((Degree)reader.ReadInt32()), reader.ReadArray<float>(count), reader.ReadArray<float>(count));
            var cellCount = reader.ReadCount(ProfileAppeal.CellCount, "profile cells");
            var cells = cellCount == 0 ? null : new float[cellCount][];
            for (var c = 0; c < cellCount; c++)
            {
                cells![c] = reader.ReadArray<float>(count);
            }

            ratings.Add((degree, any, own, cells));
        }

        var sameBuild = new Guid(reader.ReadBytes(16)) == BuildId;
        var derived = reader.ReadBytes(reader.ReadCount(int.MaxValue, "derived bytes"));
        if (reader.ReadInt32() != count || reader.ReadInt32() != Magic || !reader.AtEnd)
        {
            throw new InvalidDataException("The index snapshot does not end where its header says.");
        }

        var posts = new StoredPosts(records, starts, strings, ids, openUntil, catalog);
        var appeal = levelCount == 0 ? null : ratings.ToDictionary(l => l.Degree, l => new LevelAppeal(l.Any, l.Own, l.Cells));
        return new LoadedIndexSnapshot(builtAt, countsAt, modelVersion, posts, prior, appeal)
        {
            Parts = sameBuild ? ReadParts(derived, prior, ratings) : null,
        };
    }

    private static VacancyIndexParts ReadParts(ReadOnlySpan<byte> derived, float[] prior, List<(Degree Degree, float[] Any, float[] Own, float[][]? Cells)> ratings)
    {
        var reader = new SpanReader(derived);
        var count = prior.Length;
        var byAppeal = reader.ReadArray<int>(count);
        var newest = reader.ReadArray<int>(count);
        var publicOrTraineeship = reader.ReadArray<int>(reader.ReadCount(count, "public or traineeship posts"));
        var lists = new Dictionary<string, Dictionary<string, int[]>>(StringComparer.Ordinal);
        for (var n = reader.ReadCount(64, "inverted lists"); n > 0; n--)
        {
            lists[reader.ReadString()] = ReadLists(ref reader);
        }

        Dictionary<Degree, VacancyIndexParts.LevelParts>? levels = ratings.Count == 0 ? null : [];
        foreach (var (degree, any, own, cells) in ratings)
        {
            levels![degree] = new VacancyIndexParts.LevelParts(any, own, reader.ReadArray<int>(count), ReadLists(ref reader), cells);
        }

        (int[], int[], string[], string[])? profileCells = null;
        if (reader.ReadBoolean())
        {
            var (clusterOf, districtOf) = (reader.ReadArray<int>(count), reader.ReadArray<int>(count));
            var codes = new string[2][];
            for (var k = 0; k < 2; k++)
            {
                codes[k] = new string[reader.ReadCount(count + 1, "profile-cell codes")];
                for (var i = 0; i < codes[k].Length; i++)
                {
                    codes[k][i] = reader.ReadString();
                }
            }

            profileCells = (clusterOf, districtOf, codes[0], codes[1]);
        }

        if (!reader.AtEnd)
        {
            throw new InvalidDataException("The index snapshot's derived section goes on past its lists.");
        }

        return new VacancyIndexParts(prior, byAppeal, newest, publicOrTraineeship, lists, levels, profileCells);
    }

    /// <summary>Keys, then each key's postings (count and ids); the postings are the bulk, read as arrays.</summary>
    private static void WriteLists(BinaryWriter writer, Dictionary<string, int[]> lists)
    {
        writer.Write(lists.Count);
        foreach (var (key, ids) in lists)
        {
            writer.Write(key);
            writer.Write(ids.Length);
            WriteArray<int>(writer, ids);
        }
    }

    private static Dictionary<string, int[]> ReadLists(ref SpanReader reader)
    {
        var count = reader.ReadCount(MaxPosts, "keys of a list");
        var lists = new Dictionary<string, int[]>(count, StringComparer.Ordinal);
        for (var k = 0; k < count; k++)
        {
            var key = reader.ReadString();
            lists[key] = reader.ReadArray<int>(reader.ReadCount(MaxPosts, "postings"));
        }

        return lists;
    }

    private static void WriteArray<T>(BinaryWriter writer, ReadOnlySpan<T> values)
        where T : unmanaged => writer.Write(MemoryMarshal.AsBytes(values));

    private static bool IsAscending(int[] values)
    {
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] < values[i - 1])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The day a post is open until, as catch-up judges it: <see cref="int.MinValue"/> when not open at all,
    /// <see cref="int.MaxValue"/> when it never expires.</summary>
    private static int OpenUntil(Vacancy vacancy) =>
        vacancy.Status != VacancyStatus.Open ? int.MinValue : vacancy.ExpiresOn?.DayNumber ?? int.MaxValue;

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

    /// <summary>One post's record back as its profile (the parts stored, the rest derived as the constructor does).</summary>
    private static PostProfile ReadPost(ReadOnlySpan<byte> record, StoredStrings strings, MajorCatalog catalog)
    {
        var reader = new SpanReader(record);
        var vacancy = new Vacancy
        {
            VacancyId = strings.Required(ref reader),
            EmployerCreditCode = strings.Required(ref reader),
            EmployerName = strings.Required(ref reader),
            Title = strings.Required(ref reader),
            PostCode = strings.Optional(ref reader),
            Cluster = strings.Optional(ref reader),
            Headcount = reader.Read7BitEncodedInt(),
            Degree = Defined((Degree)reader.Read7BitEncodedInt()),
            Majors = strings.List(ref reader),
            Skills = strings.List(ref reader),
            Description = strings.Optional(ref reader),
            SalaryText = strings.Optional(ref reader),
            Salary = new SalaryRange(reader.ReadOptional(), reader.ReadOptional(), reader.ReadBoolean()),
            District = strings.Optional(ref reader),
            Location = strings.Optional(ref reader),
            Benefits = strings.List(ref reader),
            ContactName = strings.Optional(ref reader),
            ContactPhone = strings.Optional(ref reader),
            ExpiresOn = reader.ReadOptional() is { } day ? DateOnly.FromDayNumber(day) : null,
            PostKind = reader.ReadOptional() is { } kind ? Defined((PostKind)kind) : null,
            EmployerTags = ReadTags(ref reader),
            FairIds = strings.List(ref reader),
            Status = Defined((VacancyStatus)reader.Read7BitEncodedInt()),
            LedgerId = strings.Required(ref reader),
            SourceRow = reader.Read7BitEncodedInt(),
            FirstSeenAt = reader.ReadTime(),
            UpdatedAt = reader.ReadTime(),
        };
        var requirement = new MajorRequirement
        {
            AnyMajor = reader.ReadBoolean(),
            Codes = strings.List(ref reader).ToHashSet(StringComparer.Ordinal),
            Classes = strings.List(ref reader).ToHashSet(StringComparer.Ordinal),
            Disciplines = strings.List(ref reader).ToHashSet(StringComparer.Ordinal),
            Unrecognised = strings.List(ref reader),
        };
        var textSkills = strings.List(ref reader);
        var post = new PostProfile(vacancy, catalog, requirement, textSkills)
        {
            Applications = reader.Read7BitEncodedInt(),
            Hires = reader.Read7BitEncodedInt(),
            EmployerEffect = reader.ReadSingle(),
            PostEffect = reader.ReadSingle(),
        };
        return reader.AtEnd ? post : throw new InvalidDataException("A post's record in the index snapshot goes on past its fields.");
    }

    private static T Defined<T>(T value)
        where T : struct, Enum =>
        Enum.IsDefined(value) ? value : throw new InvalidDataException($"{typeof(T).Name} {value} is not one this instance knows.");

    private static List<EmployerTag> ReadTags(ref SpanReader reader)
    {
        var tags = new List<EmployerTag>(reader.Read7BitEncodedInt() is var n && n is >= 0 and <= 1_000 ? n : throw new InvalidDataException($"A post with {n} tags in the index snapshot."));
        for (var i = 0; i < tags.Capacity; i++)
        {
            tags.Add(Defined((EmployerTag)reader.Read7BitEncodedInt()));
        }

        return tags;
    }

    private static void WriteOptional(BinaryWriter writer, int? value)
    {
        writer.Write(value.HasValue);
        if (value is { } v)
        {
            writer.Write(v);
        }
    }

    private static void WriteTime(BinaryWriter writer, DateTimeOffset time)
    {
        writer.Write(time.UtcTicks);
        writer.Write((short)time.Offset.TotalMinutes);
    }

    /// <summary>Reads what <see cref="BinaryWriter"/> wrote, from memory, bounds checked as it goes.</summary>
    internal ref struct SpanReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> data = data;
        private int position;

        public readonly bool AtEnd => position == data.Length;

        public ReadOnlySpan<byte> ReadBytes(int length)
        {
            if (length < 0 || length > data.Length - position)
            {
                throw new EndOfStreamException();
            }

            var bytes = data.Slice(position, length);
            position += length;
            return bytes;
        }

        public T[] ReadArray<T>(int count)
            where T : unmanaged =>
            MemoryMarshal.Cast<byte, T>(ReadBytes(checked(count * System.Runtime.CompilerServices.Unsafe.SizeOf<T>()))).ToArray();

        public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4));

        public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(ReadBytes(8));

        public float ReadSingle() => BinaryPrimitives.ReadSingleLittleEndian(ReadBytes(4));

        public bool ReadBoolean() => ReadBytes(1)[0] != 0;

        public int? ReadOptional() => ReadBoolean() ? ReadInt32() : null;

        public DateTimeOffset ReadTime()
        {
            var ticks = ReadInt64();
            var offset = TimeSpan.FromMinutes(BinaryPrimitives.ReadInt16LittleEndian(ReadBytes(2)));
            return new DateTimeOffset(ticks + offset.Ticks, offset);
        }

        public int Read7BitEncodedInt()
        {
            var result = 0u;
            for (var shift = 0; shift < 35; shift += 7)
            {
                var b = ReadBytes(1)[0];
                result |= (uint)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return (int)result;
                }
            }

            throw new FormatException("A 7-bit encoded number runs past five bytes.");
        }

        public int ReadCount(int max, string what)
        {
            var count = ReadInt32();
            return count >= 0 && count <= max ? count : throw new InvalidDataException($"The index snapshot claims {count} {what}.");
        }

        public string ReadString() => Encoding.UTF8.GetString(ReadBytes(Read7BitEncodedInt()));
    }

    /// <summary>The snapshot's strings as one UTF-8 block and where each starts, each decoded when first read
    /// (by several threads at once at worst twice, into equal strings).</summary>
    internal sealed class StoredStrings
    {
        private readonly byte[] utf8;
        private readonly int[] starts;
        private readonly string?[] decoded;

        private StoredStrings(byte[] utf8, int[] starts)
        {
            this.utf8 = utf8;
            this.starts = starts;
            decoded = new string?[starts.Length - 1];
        }

        public static StoredStrings Read(ref SpanReader reader)
        {
            var count = reader.ReadCount(int.MaxValue - 1, "strings");
            var starts = reader.ReadArray<int>(count + 1);
            if (starts[0] != 0 || !IsAscending(starts))
            {
                throw new InvalidDataException("The index snapshot's string offsets are out of order.");
            }

            return new StoredStrings(reader.ReadBytes(starts[count]).ToArray(), starts);
        }

        /// <summary>Number n is the n-th string from 1; 0 is null.</summary>
        public string? this[int number] =>
            number == 0 ? null
            : (uint)(number - 1) < (uint)decoded.Length ? decoded[number - 1] ??= Encoding.UTF8.GetString(utf8, starts[number - 1], starts[number] - starts[number - 1])
            : throw new InvalidDataException($"String {number} of {decoded.Length} in the index snapshot.");

        public int[] Checked(int[] numbers)
        {
            foreach (var number in numbers)
            {
                if (number <= 0 || number > decoded.Length)
                {
                    throw new InvalidDataException($"String {number} of {decoded.Length} in the index snapshot.");
                }
            }

            return numbers;
        }

        public string? Optional(ref SpanReader reader) => this[reader.Read7BitEncodedInt()];

        public string Required(ref SpanReader reader) =>
            Optional(ref reader) ?? throw new InvalidDataException("A required text of a post is missing in the index snapshot.");

        public List<string> List(ref SpanReader reader)
        {
            var values = new List<string>(reader.Read7BitEncodedInt() is var n && n is >= 0 and <= 100_000 ? n : throw new InvalidDataException($"A list of {n} items in the index snapshot."));
            for (var i = 0; i < values.Capacity; i++)
            {
                values.Add(Required(ref reader));
            }

            return values;
        }
    }

    /// <summary>The snapshot's posts, each decoded and profiled when first read (then kept: every reader gets the same
    /// profile), with the two things catch-up reads of every post available without decoding it.</summary>
    internal sealed class StoredPosts : IReadOnlyList<PostProfile>
    {
        private readonly byte[] records;
        private readonly int[] starts;
        private readonly StoredStrings strings;
        private readonly int[] ids;
        private readonly int[] openUntil;
        private readonly MajorCatalog catalog;
        private readonly PostProfile?[] profiles;

        public StoredPosts(ReadOnlySpan<byte> records, int[] starts, StoredStrings strings, int[] ids, int[] openUntil, MajorCatalog catalog)
        {
            this.records = records.ToArray();
            this.starts = starts;
            this.strings = strings;
            this.ids = ids;
            this.openUntil = openUntil;
            this.catalog = catalog;
            profiles = new PostProfile?[ids.Length];
        }

        public int Count => profiles.Length;

        public PostProfile this[int index] => Volatile.Read(ref profiles[index]) ?? Profile(index);

        public string VacancyId(int index) => strings[ids[index]]!;

        /// <summary>Whether the post is open on <paramref name="today"/> by its status and expiry, as the index holds it.</summary>
        public bool IsOpen(int index, DateOnly today) => openUntil[index] >= today.DayNumber;

        private PostProfile Profile(int index)
        {
            var post = ReadPost(records.AsSpan(starts[index], starts[index + 1] - starts[index]), strings, catalog);
            return Interlocked.CompareExchange(ref profiles[index], post, null) ?? post;
        }

        public IEnumerator<PostProfile> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>Each distinct text of the snapshot once, numbered from 1 (0 stands for null).</summary>
    private sealed class StringTable
    {
        private readonly Dictionary<string, int> numbers = new(StringComparer.Ordinal);

        private readonly List<string> values = [];

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
                values.Add(value);
                numbers[value] = values.Count;
            }
        }

        public int Number(string value) => numbers[value];

        /// <summary>Count, where each string starts (and where the last ends), then the strings as one UTF-8 block.</summary>
        public void WriteTo(BinaryWriter writer)
        {
            var starts = new int[values.Count + 1];
            using var block = new MemoryStream();
            for (var i = 0; i < values.Count; i++)
            {
                starts[i] = (int)block.Position;
                var bytes = Encoding.UTF8.GetBytes(values[i]);
                block.Write(bytes);
            }

            starts[values.Count] = (int)block.Position;
            writer.Write(values.Count);
            WriteArray<int>(writer, starts);
            writer.Write(block.GetBuffer().AsSpan(0, (int)block.Length));
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
