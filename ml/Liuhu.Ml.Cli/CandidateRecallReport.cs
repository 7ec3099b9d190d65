using System.Globalization;
using Liuhu.Matching.Serving;

namespace Liuhu.Ml.Cli;

/// <summary>Prints <see cref="CandidateRecall"/> as the evaluate command's table.</summary>
public static class CandidateRecallReport
{
    public static void Print(CandidateRecallResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Console.WriteLine($"candidate stage recall@{result.Limit} vs brute force (share of the brute-force top {result.Top} among the candidates; goal >= 0.95 in every group), "
            + $"{result.Measured:N0} graduates measured; zero-candidate graduates {result.ZeroCandidateGraduates:N0} of {result.Graduates:N0} (goal 0)");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"group",-12} {"value",-14} {"measured",8} {"recall",7} {"graduates",9} {"zero",5}"));
        foreach (var g in result.Groups)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {g.Dimension,-12} {g.Group,-14} {g.Measured,8} {g.Recall,7:0.000} {g.Graduates,9} {g.ZeroCandidates,5}{(g.Recall < 0.95 ? "  < goal" : string.Empty)}"));
        }
    }
}
