using Azure.Data.Tables;

namespace Liuhu.Core.Storage;

/// <summary>Azure Table Storage's limits, enforced before a write: Azurite accepts what Azure rejects.</summary>
public static class TableLimits
{
    /// <summary>Keys may be up to 1 KiB; strings are UTF-16.</summary>
    public const int MaxKeyChars = 512;

    /// <summary>A string property may be up to 64 KiB; strings are UTF-16.</summary>
    public const int MaxStringChars = 32 * 1024;

    public const int MaxCustomProperties = 252;
    public const int MaxPropertyNameChars = 255;
    public const int MaxEntityBytes = 1024 * 1024;
    public const int MaxBatchOperations = 100;
    public const int MaxBatchBytes = 4 * 1024 * 1024;

    public static bool IsValidKey(string? key)
    {
        if (key is null || key.Length > MaxKeyChars)
        {
            return false;
        }

        foreach (var c in key)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws <see cref="TableLimitException"/> when Azure would refuse the entity; returns its size.</summary>
    public static int EnsureWithinLimits(ITableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (!IsValidKey(entity.PartitionKey))
        {
            throw new TableLimitException($"PartitionKey '{entity.PartitionKey}' is empty, longer than {MaxKeyChars} characters, or holds / \\ # ? or a control character.");
        }

        if (!IsValidKey(entity.RowKey))
        {
            throw new TableLimitException($"RowKey '{entity.RowKey}' is longer than {MaxKeyChars} characters or holds / \\ # ? or a control character.");
        }

        var size = 4 + ((entity.PartitionKey.Length + entity.RowKey.Length) * 2);
        if (entity is TableEntity table)
        {
            if (table.Count - SystemPropertiesIn(table) > MaxCustomProperties)
            {
                throw new TableLimitException($"The entity has more than {MaxCustomProperties} properties.");
            }

            foreach (var (name, value) in table)
            {
                if (name is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")
                {
                    continue;
                }

                if (name.Length > MaxPropertyNameChars)
                {
                    throw new TableLimitException($"Property name '{name[..20]}…' is longer than {MaxPropertyNameChars} characters.");
                }

                if (value is string s && s.Length > MaxStringChars)
                {
                    throw new TableLimitException($"Property '{name}' holds {s.Length} characters; the limit is {MaxStringChars}.");
                }

                size += 8 + (name.Length * 2) + ValueSize(value);
            }
        }

        if (size > MaxEntityBytes)
        {
            throw new TableLimitException($"The entity is about {size} bytes; the limit is {MaxEntityBytes}.");
        }

        return size;
    }

    private static int SystemPropertiesIn(TableEntity entity) =>
        (entity.ContainsKey("PartitionKey") ? 1 : 0) + (entity.ContainsKey("RowKey") ? 1 : 0)
        + (entity.ContainsKey("Timestamp") ? 1 : 0) + (entity.ContainsKey("odata.etag") ? 1 : 0);

    private static int ValueSize(object? value) => value switch
    {
        null => 0,
        string s => 4 + (s.Length * 2),
        byte[] b => 4 + b.Length,
        bool => 1,
        int => 4,
        long or double or DateTime or DateTimeOffset => 8,
        Guid => 16,
        _ => 8,
    };
}

public sealed class TableLimitException : Exception
{
    public TableLimitException(string message)
        : base(message)
    {
    }

    public TableLimitException()
    {
    }

    public TableLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
