using Liuhu.Core.Catalogues;
using Liuhu.Core.Programme;

namespace Liuhu.Core.Fairs;

/// <summary>The programme's fair indicators from the fairs recorded in Liuhu: per organiser (a district, or the
/// city), the fairs held in the programme year that started before the cut-off and were not cancelled, with the
/// posts linked to them and the hires through those posts.</summary>
public sealed class FairActivitySource(TableFairStore store, FairService fairs) : IFairActivitySource
{
    public async Task<IReadOnlyList<FairActivity>> ReadAsync(int year, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var cutoff = DateOnly.FromDateTime(before.ToOffset(Period.Beijing).DateTime);
        var held = new List<Fair>();
        await foreach (var fair in store.ReadAllAsync(cancellationToken))
        {
            if (fair.Status != FairStatus.Cancelled && fair.StartsOn.Year == year && fair.StartsOn < cutoff)
            {
                held.Add(fair);
            }
        }

        if (held.Count == 0)
        {
            return [];
        }

        var counts = await fairs.CountsAsync(cancellationToken);
        return [.. held.GroupBy(f => f.District, StringComparer.Ordinal).Select(organiser =>
        {
            var of = organiser.Select(f => counts.GetValueOrDefault(f.FairId, FairCounts.None)).ToList();
            return new FairActivity(organiser.Key, organiser.Count(), of.Sum(c => c.Posts), of.Sum(c => c.Hires));
        })];
    }
}
