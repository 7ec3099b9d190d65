using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Liuhu.Core.Access;
using Liuhu.Core.Storage;

namespace Liuhu.Core.Programme;

/// <summary>One of the plan's activity targets: what is counted, in what unit, the target, the lead unit the
/// plan names (牵头单位) and the plan item it comes from. <see cref="EnteredBy"/> is the organisation kind that
/// enters figures besides the bureau (districts for their own 专场招聘); the bureau enters the others, for
/// itself or on behalf of the lead unit named. <see cref="Fairs"/> marks the two fair indicators, which also
/// count fairs recorded in Liuhu (<see cref="IFairActivitySource"/>).</summary>
public sealed record ActivityIndicator(string Code, string Name, string Unit, long Target, string LeadUnit, string PlanItem,
    OrganisationKind EnteredBy = OrganisationKind.Bureau, FairLevel? Fairs = null);

public enum FairLevel
{
    /// <summary>Organised by the city (the bureau): no district.</summary>
    City,

    /// <summary>Organised by a 旗县区.</summary>
    District,
}

/// <summary>The plan's activity targets (呼政发〔2024〕1号, 二、主要措施), as data. Line numbers are of the seed text.</summary>
public static class ActivityIndicators
{
    public static readonly IReadOnlyList<ActivityIndicator> All =
    [
        new("city_fairs", "市级专项招聘活动", "场", 30, "市人社局", "第5项", Fairs: FairLevel.City),
        new("district_fairs", "旗县区专场招聘活动", "场", 70, "各旗县区人民政府", "第6项", OrganisationKind.District, FairLevel.District),
        new("training_sessions", "职业教育和技能培训", "场次", 100, "市人社局", "第7项"),
        new("trainees", "培训大学生", "人次", 5_000, "市人社局", "第7项"),
        new("young_technicians", "新增中级工以上青年技工", "名", 8_000, "市人社局", "第8项"),
        new("incubators", "新增创业载体", "家", 10, "市人社局", "第11项"),
        new("startup_trainees", "创业培训大学生", "人", 5_000, "市人社局", "第12项"),
        new("startup_loans", "发放创业担保贷款", "万元", 10_000, "市人社局", "第12项"),
        new("public_sector_posts", "事业单位招聘岗位", "个", 2_000, "市委组织部", "第14项"),
        new("policy_campus_events", "就业政策进校园活动", "场", 30, "市人社局", "第18项"),
        new("public_rental_housing", "筹集公租房", "套", 2_000, "市住建局", "第20项"),
        new("affordable_rental_housing", "筹集保障性租赁住房", "套", 3_000, "市住建局", "第20项"),
    ];

    public static ActivityIndicator? Find(string? code) => All.FirstOrDefault(i => i.Code == code);
}

/// <summary>A figure a responsible unit entered for one indicator and one month: what was done in that month
/// (not a running total). <see cref="UnitCode"/> is the district code, or <c>city</c> for the city level.</summary>
public sealed record ActivityFigure(string Indicator, string UnitCode, string Month, long Value, string? Note, string EnteredBy, DateTimeOffset EnteredAt)
{
    public const string City = "city";
}

/// <summary>Fairs recorded in Liuhu for one organiser (a district, or the city when <see cref="District"/> is
/// null) within the programme year: held, posts linked and hires through them.</summary>
public sealed record FairActivity(string? District, int FairsHeld, int Posts, int Hires);

/// <summary>Where the progress figures learn about job fairs recorded in Liuhu. The default has none; the fairs
/// feature registers its own, and the fair indicators then count, per organiser, the larger of the entered figures
/// and the recorded fairs (so a district that both records its fairs and enters them is not counted twice).</summary>
public interface IFairActivitySource
{
    /// <summary>Fairs held before <paramref name="before"/> within <paramref name="year"/> (Beijing time).</summary>
    Task<IReadOnlyList<FairActivity>> ReadAsync(int year, DateTimeOffset before, CancellationToken cancellationToken);
}

public sealed class NoFairActivity : IFairActivitySource
{
    public Task<IReadOnlyList<FairActivity>> ReadAsync(int year, DateTimeOffset before, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<FairActivity>>([]);
}

public interface IActivityStore
{
    /// <summary>Idempotent: a unit's figure for an indicator and month replaces the one stored.</summary>
    Task SaveAsync(ActivityFigure figure, CancellationToken cancellationToken);

    IAsyncEnumerable<ActivityFigure> ReadAllAsync(CancellationToken cancellationToken);
}

/// <summary>Figures keyed by indicator (partition) and unit + month (row).</summary>
public sealed class TableActivityStore(StorageClients clients) : IActivityStore
{
    private readonly TableClient table = clients.Table(StorageNames.ActivityTable);

    public Task SaveAsync(ActivityFigure figure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(figure);
        var entity = new TableEntity(figure.Indicator, $"{figure.UnitCode}_{figure.Month}")
        {
            ["UnitCode"] = figure.UnitCode,
            ["Month"] = figure.Month,
            ["Value"] = figure.Value,
            ["Note"] = figure.Note,
            ["EnteredBy"] = figure.EnteredBy,
            ["EnteredAt"] = figure.EnteredAt,
        }.WithoutNulls();
        TableLimits.EnsureWithinLimits(entity);
        return table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async IAsyncEnumerable<ActivityFigure> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            yield return new ActivityFigure(e.PartitionKey, e.GetString("UnitCode") ?? ActivityFigure.City, e.GetString("Month") ?? string.Empty,
                e.GetInt64("Value") ?? 0, e.GetString("Note"), e.GetString("EnteredBy") ?? string.Empty, e.GetDateTimeOffset("EnteredAt") ?? default);
        }
    }
}
