using System.IO.Hashing;
using System.Text;

namespace Liuhu.Matching.Features;

/// <summary>A named input of a ranker. Its position in the vector is assigned by the schema that declares it,
/// once, so code reads and writes features by name and a new feature needs no index bookkeeping.</summary>
public sealed record Feature(FeatureSchema Schema, string Name, int Index);

/// <summary>An ordered set of named features: the one place a ranker's inputs are declared.</summary>
public sealed class FeatureSchema(string name)
{
    private readonly List<Feature> features = [];
    private readonly Dictionary<string, Feature> byName = new(StringComparer.Ordinal);

    public string Name { get; } = name;

    public int Count => features.Count;

    public IReadOnlyList<Feature> Features => features;

    public IEnumerable<string> Names => features.Select(f => f.Name);

    /// <summary>Name and a hash of the feature names in order: a model trained on one version cannot be served
    /// features of another without the difference showing in its metadata.</summary>
    public string Version => $"{Name}-{features.Count}-{XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(string.Join('|', Names))):x8}";

    public Feature Add(string featureName)
    {
        var feature = new Feature(this, featureName, features.Count);
        if (!byName.TryAdd(featureName, feature))
        {
            throw new InvalidOperationException($"Feature '{featureName}' is declared twice in schema '{Name}'.");
        }

        features.Add(feature);
        return feature;
    }

    public Feature this[string featureName] => byName[featureName];

    /// <summary>One 0/1 feature per code (named prefix + code), for a categorical attribute a tree should split on
    /// one value at a time.</summary>
    public IReadOnlyDictionary<string, Feature> AddOneHot(string prefix, IEnumerable<string> codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        return codes.ToDictionary(code => code, code => Add(prefix + code), StringComparer.Ordinal);
    }

    public FeatureVector NewVector() => new(this, new float[Count]);
}

/// <summary>The values of one row, read and written by <see cref="Feature"/>.</summary>
public sealed class FeatureVector
{
    public FeatureVector(FeatureSchema schema, float[] values)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != schema.Count)
        {
            throw new ArgumentException($"Schema '{schema.Name}' has {schema.Count} features, not {values.Length}.", nameof(values));
        }

        Schema = schema;
        Values = values;
    }

    public FeatureSchema Schema { get; }

    /// <summary>The raw values in schema order, for the trainer and the scorer; nothing else should index them.</summary>
    public float[] Values { get; }

    public float this[Feature feature]
    {
        get => Values[Position(feature)];
        set => Values[Position(feature)] = value;
    }

    public float this[string name] => Values[Schema[name].Index];

    /// <summary>Sets the column of <paramref name="code"/> among <paramref name="columns"/> to 1 (none for an unknown code).</summary>
    public void SetOneHot(IReadOnlyDictionary<string, Feature> columns, string? code)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (code is not null && columns.TryGetValue(code, out var column))
        {
            this[column] = 1;
        }
    }

    /// <summary>Name → value, for tests and diagnostics.</summary>
    public IReadOnlyDictionary<string, float> ToDictionary() => Schema.Features.ToDictionary(f => f.Name, f => Values[f.Index], StringComparer.Ordinal);

    private int Position(Feature feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        return ReferenceEquals(feature.Schema, Schema) ? feature.Index
            : throw new ArgumentException($"Feature '{feature.Name}' belongs to schema '{feature.Schema.Name}', not '{Schema.Name}'.", nameof(feature));
    }
}
