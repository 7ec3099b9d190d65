using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Liuhu.Core.Domain;
using Liuhu.Matching.Features;

namespace Liuhu.Matching.Serving;

/// <summary>What an index snapshot holds: when it was built, under which model, and each post with the parts
/// of its profile that cost most to derive, its application counts and its appeal.</summary>
public sealed record LoadedIndexSnapshot(DateTimeOffset BuiltAt, string ModelVersion, IReadOnlyList<PostProfile> Posts, IReadOnlyList<float> Appeal);

/// <summary>The matching index as a compact binary blob (Brotli over a length-prefixed record per post), written
/// whenever the index is rebuilt from the tables, so that a new instance loads it instead of scanning every post
/// and outcome, then catches up on the posts changed since. A snapshot of another layout or feature schema, or
/// one that does not read back whole, is refused (<see cref="InvalidDataException"/>); the caller then scans.</summary>
public static class IndexSnapshot
{
    /// <summary>Bumped whenever the layout below changes: an instance never reads a layout it does not know.</summary>
    public const int LayoutVersion = 1;

    public const string BlobName = "index-snapshot.bin";

    private const int Magic = 0x5849484C; // "LHIX"

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    public static void Write(Stream stream, VacancyIndex index, string modelVersion)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(index);
        using var compressed = new BrotliStream(stream, CompressionLevel.Fastest, leaveOpen: true);
        using var writer = new BinaryWriter(compressed, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(LayoutVersion);
        writer.Write(PairFeatures.Schema.Version);
        writer.Write(index.BuiltAt.UtcTicks);
        writer.Write(modelVersion);
        writer.Write(index.Posts.Count);
        for (var i = 0; i < index.Posts.Count; i++)
        {
            var post = index.Posts[i];
            writer.Write(JsonSerializer.Serialize(post.Vacancy, Json));
            var requirement = post.Requirement;
            writer.Write(requirement.AnyMajor);
            WriteList(writer, [.. requirement.Codes]);
            WriteList(writer, [.. requirement.Classes]);
            WriteList(writer, [.. requirement.Disciplines]);
            WriteList(writer, requirement.Unrecognised);
            WriteList(writer, post.TextSkills);
            writer.Write(post.Applications);
            writer.Write(post.Hires);
            writer.Write(post.EmployerEffect);
            writer.Write(post.PostEffect);
            writer.Write(index.Appeal[i]);
        }

        // Read back last: a snapshot cut short anywhere fails here, not silently with fewer posts.
        writer.Write(index.Posts.Count);
        writer.Write(Magic);
    }

    /// <exception cref="InvalidDataException">Another layout or feature schema, or a damaged blob.</exception>
    public static LoadedIndexSnapshot Read(Stream stream, MajorCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var compressed = new BrotliStream(stream, CompressionMode.Decompress, leaveOpen: true);
            using var reader = new BinaryReader(compressed, Encoding.UTF8, leaveOpen: true);
            if (reader.ReadInt32() != Magic)
            {
                throw new InvalidDataException("Not an index snapshot.");
            }

            if (reader.ReadInt32() is var layout && layout != LayoutVersion)
            {
                throw new InvalidDataException($"Index snapshot layout {layout}, this instance reads {LayoutVersion}.");
            }

            if (reader.ReadString() is var schema && schema != PairFeatures.Schema.Version)
            {
                throw new InvalidDataException($"Index snapshot of feature schema {schema}, this instance serves {PairFeatures.Schema.Version}.");
            }

            var builtAt = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            var modelVersion = reader.ReadString();
            var count = reader.ReadInt32();
            if (count < 0 || count > 10_000_000)
            {
                throw new InvalidDataException($"Index snapshot claims {count} posts.");
            }

            // Read serially (the stream is sequential), then profile in parallel: the profiles are the slow part.
            var parts = new (Vacancy Vacancy, MajorRequirement Requirement, List<string> TextSkills, PostStats Stats, float Appeal)[count];
            for (var i = 0; i < count; i++)
            {
                var vacancy = JsonSerializer.Deserialize<Vacancy>(reader.ReadString(), Json) ?? throw new InvalidDataException("A null post in the index snapshot.");
                var requirement = new MajorRequirement
                {
                    AnyMajor = reader.ReadBoolean(),
                    Codes = ReadList(reader).ToHashSet(StringComparer.Ordinal),
                    Classes = ReadList(reader).ToHashSet(StringComparer.Ordinal),
                    Disciplines = ReadList(reader).ToHashSet(StringComparer.Ordinal),
                    Unrecognised = ReadList(reader),
                };
                var textSkills = ReadList(reader);
                var stats = new PostStats(reader.ReadInt32(), reader.ReadInt32(), reader.ReadSingle(), reader.ReadSingle());
                parts[i] = (vacancy, requirement, textSkills, stats, reader.ReadSingle());
            }

            if (reader.ReadInt32() != count || reader.ReadInt32() != Magic)
            {
                throw new InvalidDataException("The index snapshot does not end where its header says.");
            }

            var posts = new PostProfile[count];
            Parallel.For(0, count, i =>
            {
                var (vacancy, requirement, textSkills, stats, _) = parts[i];
                posts[i] = new PostProfile(vacancy, catalog, requirement, textSkills);
                (posts[i].Applications, posts[i].Hires, posts[i].EmployerEffect, posts[i].PostEffect) = (stats.Applications, stats.Hires, stats.EmployerEffect, stats.PostEffect);
            });
            return new LoadedIndexSnapshot(builtAt, modelVersion, posts, parts.Select(p => p.Appeal).ToArray());
        }
        catch (Exception ex) when (ex is EndOfStreamException or JsonException or IOException or FormatException or ArgumentException or NotSupportedException or InvalidOperationException)
        {
            throw new InvalidDataException($"The index snapshot could not be read ({ex.GetType().Name}).", ex);
        }
    }

    private static void WriteList(BinaryWriter writer, IReadOnlyCollection<string> values)
    {
        writer.Write(values.Count);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    private static List<string> ReadList(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count < 0 || count > 100_000)
        {
            throw new InvalidDataException($"A list of {count} items in the index snapshot.");
        }

        var values = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            values.Add(reader.ReadString());
        }

        return values;
    }
}
