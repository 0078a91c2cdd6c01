using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using WebsiteFactory.Api;
using WebsiteFactory.Workflows.Provisioning;
using WebsiteFactory.Workflows.Reconcile;

namespace WebsiteFactory.Server.Schedules;

/// <summary>
/// Starts the read-only reconcile (<see cref="ReconcileVendors"/>) on the schedule <c>Reconcile:NightlySchedule</c> (UTC) on
/// the embedded host, the counterpart of the Functions timer <c>NightlyReconcileTimer</c>.
/// </summary>
/// <remarks>
/// Each occurrence starts <c>nightly-reconcile-yyyyMMdd</c> unless it exists in any status, so several server processes
/// start the day's run once. Missed occurrences are not replayed: the next run reports the same state. The nightly run
/// never fixes anything; deleting orphans is an admin's request (<c>POST /api/drift/fix</c>).
/// </remarks>
/// <param name="client">The Durable Task client.</param>
/// <param name="catalog">The registered orchestrators.</param>
/// <param name="options">The schedule settings.</param>
/// <param name="clock">The clock.</param>
/// <param name="logger">The logger.</param>
/// <param name="settings">The provisioning settings (expected record TTL and proxy flag), when configured.</param>
public sealed partial class NightlyReconcileScheduler(
    DurableTaskClient client,
    OrchestratorCatalog catalog,
    IOptions<ReconcileScheduleOptions> options,
    TimeProvider clock,
    ILogger<NightlyReconcileScheduler> logger,
    ProvisionSettings? settings = null) : BackgroundService
{
    private static readonly TimeSpan MaxSleep = TimeSpan.FromDays(1);

    private static readonly string[] AnyStatus = [.. Enum.GetNames<OrchestrationRuntimeStatus>()];

    /// <summary>The deterministic instance id of the run started by an occurrence (the Functions timer uses the same).</summary>
    /// <param name="occurrence">The occurrence (UTC).</param>
    /// <returns><c>nightly-reconcile-yyyyMMdd</c>.</returns>
    public static string InstanceIdFor(DateTimeOffset occurrence) =>
        "nightly-reconcile-" + occurrence.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>Starts the run of one occurrence (deduplicated by its instance id).</summary>
    /// <param name="occurrence">The occurrence (UTC).</param>
    /// <param name="cancellationToken">Cancelled on shutdown.</param>
    /// <returns>The instance id.</returns>
    public async Task<string> StartRunAsync(DateTimeOffset occurrence, CancellationToken cancellationToken)
    {
        var id = InstanceIdFor(occurrence);
        if (await client.GetInstanceAsync(id, cancellationToken).ConfigureAwait(false) is not null)
        {
            return id;
        }

        try
        {
            return await client.ScheduleNewOrchestrationInstanceAsync(
                ReconcileVendors.Name,
                new ReconcileInput(false, "schedule", settings),
                new StartOrchestrationOptions(id) { DedupeStatuses = AnyStatus },
                cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException) when (!cancellationToken.IsCancellationRequested)
        {
            if (await client.GetInstanceAsync(id, cancellationToken).ConfigureAwait(false) is not null)
            {
                return id;
            }

            throw;
        }
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled || !catalog.HasOrchestrator(ReconcileVendors.Name))
        {
            Log.Idle(logger, ReconcileVendors.Name);
            return;
        }

        var schedule = NightlyAnalyticsSchedule.TryParse(options.Value.NightlySchedule)!;
        var after = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested && schedule.NextAfter(after) is { } occurrence)
        {
            for (var now = clock.GetUtcNow(); now < occurrence; now = clock.GetUtcNow())
            {
                var wait = occurrence - now;
                await Task.Delay(wait < MaxSleep ? wait : MaxSleep, clock, stoppingToken).ConfigureAwait(false);
            }

            try
            {
                Log.Started(logger, ReconcileVendors.Name, await this.StartRunAsync(occurrence, stoppingToken).ConfigureAwait(false));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.StartFailed(logger, e, ReconcileVendors.Name);
            }

            after = occurrence;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Nightly reconcile schedule idle: disabled (Reconcile:Enabled=false) or {Name} not registered in this host")]
        public static partial void Idle(ILogger logger, string name);

        [LoggerMessage(2, LogLevel.Information, "Started {Orchestrator} instance {InstanceId}")]
        public static partial void Started(ILogger logger, string orchestrator, string instanceId);

        [LoggerMessage(3, LogLevel.Error, "Could not start {Orchestrator}; the next occurrence runs it again")]
        public static partial void StartFailed(ILogger logger, Exception exception, string orchestrator);
    }
}
