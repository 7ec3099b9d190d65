using System.ComponentModel.DataAnnotations;

namespace Liuhu.Core.Audit;

/// <summary>How long access records are kept before the daily purge deletes them.</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Audit";

    /// <summary>Days the AccessLog keeps a call (default 1095). The floor is 《网络安全法》第二十一条's six months
    /// for network logs; the default matches the candidate views, since uploads and erasures recorded here are
    /// records of processing too.</summary>
    [Range(180, 3650)]
    public int AccessLogRetentionDays { get; set; } = 1095;

    /// <summary>Days the Audit table keeps a candidate view (default and floor 1095). Showing a graduate to an
    /// employer is providing personal information to another processor (PIPL 第五十五条), whose processing records
    /// 第五十六条 requires to be kept for at least three years.</summary>
    [Range(1095, 3650)]
    public int CandidateViewRetentionDays { get; set; } = 1095;
}
