using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using WebsiteFactory.Workflows.Provisioning;
using WebsiteFactory.Workflows.Reconcile;

namespace WebsiteFactory.Functions.Timers;

/// <summary>Starts the reconcile (<see cref="ReconcileVendors"/>, drift and orphans) on the schedule in <c>Reconcile:NightlySchedule</c>.</summary>
/// <param name="logger">The logger.</param>
/// <param name="settings">The provisioning settings (expected record TTL and proxy flag).</param>
public sealed class NightlyReconcileTimer(ILogger<NightlyReconcileTimer> logger, ProvisionSettings settings)
{
    /// <summary>Timer trigger: one read-only reconcile per UTC day (never with the fix: deleting is an admin's request).</summary>
    /// <param name="timer">The timer state.</param>
    /// <param name="client">The Durable Functions client.</param>
    /// <param name="cancellationToken">Cancelled on shutdown.</param>
    /// <returns>A task that completes when the orchestration is scheduled.</returns>
    /// <remarks>
    /// The schedule is the app setting <c>Reconcile__NightlySchedule</c> (<c>%Reconcile:NightlySchedule%</c>). The
    /// instance id is derived from the day (<c>nightly-reconcile-yyyyMMdd</c>), the id the embedded host's schedule uses too.
    /// </remarks>
    [Function("NightlyReconcileTimer")]
    public async Task RunAsync(
        [TimerTrigger("%Reconcile:NightlySchedule%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        if (timer.IsPastDue)
        {
            Log.TimerPastDue(logger, timer.ScheduleStatus?.Last);
        }

        var instanceId = $"nightly-reconcile-{DateTime.UtcNow:yyyyMMdd}";
        var id = await client.StartUnlessActiveAsync(ReconcileVendors.Name, new ReconcileInput(false, "schedule", settings), instanceId, cancellationToken);
        Log.Started(logger, ReconcileVendors.Name, id);
    }
}
