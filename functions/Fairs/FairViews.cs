using Liuhu.Core.Domain;
using Liuhu.Core.Fairs;

namespace Liuhu.Functions.Fairs;

public static class FairViews
{
    public const string CityOrganiser = "呼和浩特市人力资源和社会保障局";

    /// <summary>A fair as the public sees it: what, when, where, who organises it and what it brought. No person
    /// is named; the organiser is an office.</summary>
    public static object Public(Fair fair, FairCounts counts)
    {
        ArgumentNullException.ThrowIfNull(fair);
        ArgumentNullException.ThrowIfNull(counts);
        return new
        {
            fair.FairId,
            fair.Name,
            fair.Kind,
            KindName = FairKinds.ChineseName(fair.Kind),
            StartsOn = Date(fair.StartsOn),
            EndsOn = Date(fair.EndsOn),
            fair.Place,
            fair.Online,
            fair.District,
            DistrictName = fair.District is { } d ? Districts.ByCode(d).Name : null,
            Organiser = fair.District is { } o ? $"{Districts.ByCode(o).Name}人力资源和社会保障局" : CityOrganiser,
            fair.Status,
            Counts = counts,
        };
    }

    /// <summary>For the offices that run fairs: the public view plus who created it and when it last changed.</summary>
    public static object Managed(Fair fair, FairCounts counts)
    {
        ArgumentNullException.ThrowIfNull(fair);
        return new { Fair = Public(fair, counts), fair.OrganiserId, fair.CreatedAt, fair.UpdatedAt };
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
