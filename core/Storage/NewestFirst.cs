using System.Globalization;

namespace Liuhu.Core.Storage;

/// <summary>Row keys that sort newest first (Table Storage returns rows in key order): the ticks left until
/// <see cref="DateTimeOffset.MaxValue"/>, zero-padded, then a suffix that makes the key unique.</summary>
public static class NewestFirst
{
    public static string Key(DateTimeOffset at, string suffix) =>
        (DateTimeOffset.MaxValue.Ticks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + suffix;

    /// <summary>A suffix for records that have no id of their own.</summary>
    public static string RandomSuffix() => Guid.NewGuid().ToString("N")[..8];
}
