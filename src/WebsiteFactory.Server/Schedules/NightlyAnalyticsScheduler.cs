using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using WebsiteFactory.Api;
using WebsiteFactory.Workflows.Analytics;

namespace WebsiteFactory.Server.Schedules;

/// <summary>
/// Starts <see cref="NightlyAnalytics"/> on the schedule <c>Analytics:NightlySchedule</c> (UTC) on the embedded host, the
/// counterpart of the Functions timer trigger.
/// </summary>
/// <remarks>
/// Each occurrence starts the instance <see cref="NightlyAnalyticsSchedule.InstanceIdFor"/> unless it exists in any
/// status (every status is a dedupe status, and an "already exists" answer from a concurrent start counts as started),
/// so several server processes (or a restart right after a run) start the day's run once. Missed occurrences while the
/// server was down are not replayed: the next run backfills the missing days itself.
/// </remarks>
/// <param name="client">The Durable Task client.</param>
/// <param name="catalog">The registered orchestrators.</param>
/// <param name="options">The schedule settings.</param>
/// <param name="clock">The clock.</param>
/// <param name="logger">The logger.</param>
public sealed partial class NightlyAnalyticsScheduler(
    DurableTaskClient client,
    OrchestratorCatalog catalog,
    IOptions<AnalyticsScheduleOptions> options,
    TimeProvider clock,
    ILogger<NightlyAnalyticsScheduler> logger) : BackgroundService
{
    // Task.Delay is limited to ~49 days, and waking daily keeps the loop robust to clock jumps.
    private static readonly TimeSpan MaxSleep = TimeSpan.FromDays(1);

    private static readonly string[] AnyStatus = [.. Enum.GetNames<OrchestrationRuntimeStatus>()];

    /// <summary>Starts the run of one occurrence (deduplicated by its instance id).</summary>
    /// <param name="occurrence">The occurrence (UTC).</param>
    /// <param name="cancellationToken">Cancelled on shutdown.</param>
    /// <returns>The instance id (the existing one when another process started it first).</returns>
    public async Task<string> StartRunAsync(DateTimeOffset occurrence, CancellationToken cancellationToken)
    {
        var id = NightlyAnalyticsSchedule.InstanceIdFor(occurrence);
        if (await client.GetInstanceAsync(id, cancellationToken).ConfigureAwait(false) is not null)
        {
            return id;
        }

        try
        {
            return await client.ScheduleNewOrchestrationInstanceAsync(
                NightlyAnalytics.Name,
                new NightlyAnalyticsInput(DateOnly.FromDateTime(occurrence.UtcDateTime)),
                new StartOrchestrationOptions(id) { DedupeStatuses = AnyStatus },
                cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException) when (!cancellationToken.IsCancellationRequested)
        {
            // "Already exists" (another process started it first) on any client; anything else is rethrown below.
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
        var settings = options.Value;
        if (!settings.Enabled)
        {
            Log.Disabled(logger);
            return;
        }

        if (!catalog.HasOrchestrator(NightlyAnalytics.Name))
        {
            Log.NotRegistered(logger, NightlyAnalytics.Name);
            return;
        }

        // Validated on start; a null here would mean the options changed under us.
        var schedule = NightlyAnalyticsSchedule.TryParse(settings.NightlySchedule)!;
        var after = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = schedule.NextAfter(after);
            if (next is not { } occurrence)
            {
                Log.NoMoreOccurrences(logger, schedule.Expression);
                return;
            }

            Log.NextRun(logger, occurrence, schedule.Expression);
            for (var now = clock.GetUtcNow(); now < occurrence; now = clock.GetUtcNow())
            {
                var wait = occurrence - now;
                await Task.Delay(wait < MaxSleep ? wait : MaxSleep, clock, stoppingToken).ConfigureAwait(false);
            }

            try
            {
                var id = await this.StartRunAsync(occurrence, stoppingToken).ConfigureAwait(false);
                Log.Started(logger, NightlyAnalytics.Name, id);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be briefly unavailable; the next occurrence backfills what this one missed.
                Log.StartFailed(logger, e, NightlyAnalytics.Name);
            }

            after = occurrence;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Nightly analytics schedule disabled (Analytics:Enabled=false)")]
        public static partial void Disabled(ILogger logger);

        [LoggerMessage(2, LogLevel.Warning, "Nightly analytics schedule idle: orchestrator {Name} is not registered in this host")]
        public static partial void NotRegistered(ILogger logger, string name);

        [LoggerMessage(3, LogLevel.Information, "Next nightly analytics run at {Next:u} (schedule '{Expression}', UTC)")]
        public static partial void NextRun(ILogger logger, DateTimeOffset next, string expression);

        [LoggerMessage(4, LogLevel.Warning, "Nightly analytics schedule '{Expression}' has no further occurrence")]
        public static partial void NoMoreOccurrences(ILogger logger, string expression);

        [LoggerMessage(5, LogLevel.Information, "Started {Orchestrator} instance {InstanceId}")]
        public static partial void Started(ILogger logger, string orchestrator, string instanceId);

        [LoggerMessage(6, LogLevel.Error, "Could not start {Orchestrator}; the next run backfills the missed days")]
        public static partial void StartFailed(ILogger logger, Exception exception, string orchestrator);
    }
}
