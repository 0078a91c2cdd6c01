using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WebsiteFactory.Engine.Dispatch;
using WebsiteFactory.Engine.Execution;

namespace WebsiteFactory.Engine;

/// <summary>
/// The embedded engine's <see cref="DurableTaskWorker"/>: runs the orchestrators and activities registered with the
/// SDK's <see cref="DurableTaskRegistry"/> from PostgreSQL. Orchestrator episodes go through the SDK's own runner
/// (<c>GrpcOrchestrationRunner</c>), as in the Azure Functions isolated worker; activities run from a fresh DI scope
/// with a <see cref="TaskActivityContext"/>.
/// </summary>
/// <remarks>
/// Created by the SDK's worker builder (<c>AddWorkflowEngine</c> sets it as the build target). It creates the schema
/// on start, then runs the orchestration dispatchers, the activity dispatcher, the notification listener and the
/// retention purge until the host stops. With <see cref="EngineOptions.RunWorkers"/> off it only ensures the schema.
/// </remarks>
public sealed class PostgresDurableTaskWorker : DurableTaskWorker
{
    private readonly EngineRuntime runtime;
    private readonly IServiceProvider services;
    private readonly ILogger logger;
    private readonly ILoggerFactory loggerFactory;

    /// <summary>Initializes a new instance of the <see cref="PostgresDurableTaskWorker"/> class.</summary>
    /// <param name="name">The worker's name.</param>
    /// <param name="factory">The registered orchestrators and activities.</param>
    /// <param name="services">The service provider the engine was registered in.</param>
    public PostgresDurableTaskWorker(string name, IDurableTaskFactory factory, IServiceProvider services)
        : base(name, factory)
    {
        ArgumentNullException.ThrowIfNull(services);
        this.services = services;
        this.runtime = services.GetRequiredService<EngineRuntime>();
        this.loggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        this.logger = this.loggerFactory.CreateLogger<PostgresDurableTaskWorker>();
    }

    /// <inheritdoc/>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The schema exists before the host reports started, so clients never race it.
        await this.runtime.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        EngineOptions options = this.runtime.Options;
        if (!options.RunWorkers)
        {
            return;
        }

        DurableTaskWorkerOptions workerOptions = this.services.GetRequiredService<IOptionsMonitor<DurableTaskWorkerOptions>>().Get(this.Name);
        TimeProvider time = this.runtime.Store.Time;
        using var runner = new OrchestrationRunner(this.services, options.SessionIdleTimeout, options.SessionCapacity > 0);
        var sessions = new SessionTracker(options.SessionCapacity, runner);
        using var metrics = new EngineMetrics(this.services.GetService<System.Diagnostics.Metrics.IMeterFactory>());
        EngineStatistics statistics = this.runtime.Statistics;
        statistics.Sessions = sessions;
        var tracked = new List<LoopHealth>();
        LoopHealth Health(string loop, bool periodic = true)
        {
            var health = new LoopHealth(loop, time, periodic);
            statistics.Loops.TryAdd(health, 0);
            tracked.Add(health);
            return health;
        }

        try
        {
            await this.RunLoopsAsync(options, workerOptions, time, runner, sessions, metrics, statistics, Health, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            // A stopped worker has no loops to judge; a restarted one registers fresh ones.
            foreach (LoopHealth health in tracked)
            {
                statistics.Loops.TryRemove(health, out _);
            }
        }
    }

    private async Task RunLoopsAsync(
        EngineOptions options, DurableTaskWorkerOptions workerOptions, TimeProvider time, OrchestrationRunner runner, SessionTracker sessions,
        EngineMetrics metrics, EngineStatistics statistics, Func<string, bool, LoopHealth> track, CancellationToken stoppingToken)
    {
        // Registered (and holding its liveness lock) before it claims anything, so its leases die with it.
        await using var presence = new WorkerPresence(
            this.runtime.Store.DataSource, options.Schema, options.WorkerId, this.runtime.Signals, time, track("presence", true), this.logger);
        await presence.EnsureRegisteredAsync(stoppingToken).ConfigureAwait(false);
        var activities = new ActivityDispatcher(
            this.runtime.Store, this.Factory, this.services, workerOptions.DataConverter, options, this.runtime.Signals, statistics, track, this.logger);
        var registered = this.services.GetRequiredService<IOptionsMonitor<DurableTaskRegistry>>().Get(this.Name)
            .GetOrchestrators().Select(o => o.Key.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var episodes = new EpisodeRunner(this.runtime.Store, runner, sessions, this.Factory, this.services, options, registered);
        var fused = new FusedCompleter(
            this.runtime.Store, runner, sessions, this.Factory, this.services, () => activities, this.runtime.Signals, metrics, statistics, options, this.logger);
        activities.UseFusedCompletion(fused.CompleteAsync);
        var loops = new List<Task> { Task.Run(() => activities.RunAsync(stoppingToken), CancellationToken.None) };
        for (int i = 0; i < options.OrchestrationDispatchers; i++)
        {
            var dispatcher = new OrchestrationDispatcher(
                this.runtime.Store, episodes, sessions, activities, options, this.runtime.Signals, metrics, statistics, track($"orchestrations-{i}", true), this.logger);
            loops.Add(Task.Run(() => dispatcher.RunAsync(stoppingToken), CancellationToken.None));
        }

        if (options.UseNotifications)
        {
            var listener = new NotificationListener(this.runtime.Store.DataSource, this.runtime.Store.NotifyChannel, this.runtime.Signals, this.logger, track("notifications", false));
            loops.Add(Task.Run(() => listener.RunAsync(stoppingToken), CancellationToken.None));
        }

        loops.Add(Task.Run(() => presence.RunAsync(options.DeadWorkerScanInterval, stoppingToken), CancellationToken.None));
        var retention = new RetentionService(this.runtime.Store, options, time, this.logger, track("retention", false));
        loops.Add(Task.Run(() => retention.RunAsync(stoppingToken), CancellationToken.None));
        Log.EngineStarted(this.logger, options.WorkerId, options.Schema, options.OrchestrationDispatchers, options.ActivityConcurrency);
        await Task.WhenAll(loops).ConfigureAwait(false);
    }
}
