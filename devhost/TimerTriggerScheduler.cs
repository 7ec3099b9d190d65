using Microsoft.Azure.Functions.Worker;
using NCrontab;

namespace Liuhu.DevHost;

/// <summary>Fires timer-triggered functions on their NCRONTAB schedules (six fields, seconds first, UTC, as
/// the Functions host reads them); a schedule written as %Name% is read from configuration.</summary>
public sealed class TimerTriggerScheduler(
    IReadOnlyList<FunctionDescriptor> functions,
    IConfiguration configuration,
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<TimerTriggerScheduler> logger) : BackgroundService
{
    public static CrontabSchedule Parse(string schedule, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(configuration);
        var expression = schedule;
        if (schedule.Length > 2 && schedule.StartsWith('%') && schedule.EndsWith('%'))
        {
            var name = schedule[1..^1];
            expression = configuration[name] ?? throw new InvalidOperationException($"The timer schedule setting '{name}' is not set.");
        }

        return CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(functions.Where(f => f.Trigger == TriggerKind.Timer).Select(f => RunAsync(f, stoppingToken)));

    private async Task RunAsync(FunctionDescriptor function, CancellationToken stoppingToken)
    {
        FunctionInvoker.EnsureBindable(function);
        var schedule = Parse(function.Schedule!, configuration);
        var last = time.GetUtcNow().UtcDateTime;
        logger.LogInformation("Timer {Function}: next at {Next:o} UTC", function.Name, schedule.GetNextOccurrence(last));
        if (function.RunOnStartup)
        {
            await FireAsync(function, schedule, last, stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var next = schedule.GetNextOccurrence(last);
            var wait = next - time.GetUtcNow().UtcDateTime;
            try
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            last = next;
            await FireAsync(function, schedule, next, stoppingToken);
        }
    }

    private async Task FireAsync(FunctionDescriptor function, CrontabSchedule schedule, DateTime occurrence, CancellationToken stoppingToken)
    {
        var info = new TimerInfo
        {
            IsPastDue = time.GetUtcNow().UtcDateTime - occurrence > TimeSpan.FromSeconds(30),
            ScheduleStatus = new ScheduleStatus { Last = occurrence, Next = schedule.GetNextOccurrence(occurrence), LastUpdated = time.GetUtcNow().UtcDateTime },
        };
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await FunctionInvoker.InvokeAsync(function, scope.ServiceProvider, parameter => parameter.ParameterType switch
            {
                var t when t == typeof(TimerInfo) => info,
                var t when t == typeof(CancellationToken) => stoppingToken,
                _ => throw new NotSupportedException($"{function.Name}: cannot bind {parameter.Name}"),
            });
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Timer function {Function} failed", function.Name);
        }
    }
}
