using System.Text.Json.Serialization;

namespace Liuhu.Core.Outcomes;

[JsonConverter(typeof(JsonStringEnumConverter<OutcomeEvent>))]
public enum OutcomeEvent
{
    Shown,
    Viewed,
    Applied,
    Interviewed,
    Offered,
    Hired,
    Rejected,
    Declined,
}

/// <summary>What happened between a graduate and a post, as the recruitment site or employer reports it.</summary>
public sealed record Outcome(string GraduateId, string VacancyId, OutcomeEvent Event, DateTimeOffset At)
{
    /// <summary>The ranking label of the furthest step a pair reached: hired 4, offered 3, interviewed 2,
    /// applied 1, shown or viewed 0. Rejected and declined end a pair without taking back how far it got.</summary>
    public static int Label(OutcomeEvent e) => e switch
    {
        OutcomeEvent.Hired => 4,
        OutcomeEvent.Offered => 3,
        OutcomeEvent.Interviewed => 2,
        OutcomeEvent.Applied => 1,
        _ => 0,
    };

    public static bool CountsAsApplication(OutcomeEvent e) => e is OutcomeEvent.Applied or OutcomeEvent.Interviewed or OutcomeEvent.Offered or OutcomeEvent.Hired;
}
