using Azure.Data.Tables;

namespace Liuhu.Core.Storage;

public static class TableEntityExtensions
{
    /// <summary>Drops null properties, which Table Storage would otherwise store as typeless values.</summary>
    public static TableEntity WithoutNulls(this TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        foreach (var key in entity.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList())
        {
            entity.Remove(key);
        }

        return entity;
    }
}
