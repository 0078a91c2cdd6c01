using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using WebsiteFactory.Workflows.Analytics;

namespace WebsiteFactory.Functions.Timers;

/// <summary>Starts <see cref="NightlyAnalytics"/> on the schedule in <c>Analytics:NightlySchedule</c>.</summary>
/// <param name="logger">The logger.</param>
public sealed class NightlyAnalyticsTimer(ILogger<NightlyAnalyticsTimer> logger)
{
    /// <summary>Timer trigger: one orchestration per UTC day.</summary>
    /// <param name="timer">The timer state.</param>
    /// <param name="client">The Durable Functions client.</param>
    /// <param name="cancellationToken">Cancelled on shutdown.</param>
    /// <returns>A task that completes when the orchestration is scheduled.</returns>
    /// <remarks>
    /// The schedule is the app setting <c>Analytics__NightlySchedule</c>; the Functions host resolves <c>%…%</c>
    /// through configuration, where that setting is the key <c>Analytics:NightlySchedule</c>. The instance id is
    /// derived from the day, so a timer that fires twice (past-due catch-up, scale-out) starts one run per day.
    /// </remarks>
    [Function("NightlyAnalyticsTimer")]
    public async Task RunAsync(
        [TimerTrigger("%Analytics:NightlySchedule%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        if (timer.IsPastDue)
        {
            Log.TimerPastDue(logger, timer.ScheduleStatus?.Last);
        }

        var instanceId = $"nightly-analytics-{DateTime.UtcNow:yyyyMMdd}";
        var id = await client.StartUnlessActiveAsync(NightlyAnalytics.Name, new NightlyAnalyticsInput(), instanceId, cancellationToken);
        Log.Started(logger, NightlyAnalytics.Name, id);
    }
}
