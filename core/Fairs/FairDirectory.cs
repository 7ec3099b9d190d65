using Liuhu.Core.Validation;

namespace Liuhu.Core.Fairs;

/// <summary>The fairs a ledger's 招聘会编号 column may name, read once per ledger: a post can be linked only to a
/// fair that exists and is not cancelled.</summary>
public sealed class FairDirectory(IReadOnlyDictionary<string, FairStatus> fairs)
{
    public static readonly FairDirectory Empty = new(new Dictionary<string, FairStatus>());

    public int Count => fairs.Count;

    /// <summary>Null when the post may be linked to <paramref name="fairId"/>, else the row error.</summary>
    public FieldFinding? Check(string fairId) =>
        !fairs.TryGetValue(fairId, out var status) ? new("fair_id.unknown", $"招聘会编号“{fairId}”不存在，请核对编号，或请主办旗县区人社部门先在平台创建该招聘会")
        : status == FairStatus.Cancelled ? new("fair_id.cancelled", $"招聘会“{fairId}”已取消，不能再关联岗位")
        : null;

    public static async Task<FairDirectory> LoadAsync(TableFairStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var known = new Dictionary<string, FairStatus>(StringComparer.Ordinal);
        await foreach (var fair in store.ReadAllAsync(cancellationToken))
        {
            known[fair.FairId] = fair.Status;
        }

        return new FairDirectory(known);
    }
}
