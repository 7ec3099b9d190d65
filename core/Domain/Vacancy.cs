namespace Liuhu.Core.Domain;

public enum VacancyStatus
{
    Open,
    Filled,
    Withdrawn,
}

/// <summary>A post from an employer's hiring ledger (用工台账), as validated and stored.</summary>
public sealed record Vacancy
{
    public required string VacancyId { get; init; }

    public required string EmployerCreditCode { get; init; }

    public required string EmployerName { get; init; }

    public required string Title { get; init; }

    public string? PostCode { get; init; }

    public string? Cluster { get; init; }

    public required int Headcount { get; init; }

    public Degree Degree { get; init; }

    public IReadOnlyList<string> Majors { get; init; } = [];

    public IReadOnlyList<string> Skills { get; init; } = [];

    public string? Description { get; init; }

    public string? SalaryText { get; init; }

    public SalaryRange Salary { get; init; } = SalaryRange.Unknown;

    /// <summary>District code (see <see cref="Districts"/>), when the ledger named one Liuhu knows.</summary>
    public string? District { get; init; }

    /// <summary>The work place as the ledger wrote it.</summary>
    public string? Location { get; init; }

    public IReadOnlyList<string> Benefits { get; init; } = [];

    public string? ContactName { get; init; }

    public string? ContactPhone { get; init; }

    public DateOnly? ExpiresOn { get; init; }

    /// <summary>岗位类别, when the ledger gave one.</summary>
    public PostKind? PostKind { get; init; }

    /// <summary>企业标签 (专精特新企业, 链主企业 …), as the ledger gave them.</summary>
    public IReadOnlyList<EmployerTag> EmployerTags { get; init; } = [];

    /// <summary>招聘会编号 of the job fairs the post is offered at (ledger column or the fair link API).</summary>
    public IReadOnlyList<string> FairIds { get; init; } = [];

    public VacancyStatus Status { get; init; } = VacancyStatus.Open;

    public required string LedgerId { get; init; }

    public int SourceRow { get; init; }

    public DateTimeOffset FirstSeenAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}
