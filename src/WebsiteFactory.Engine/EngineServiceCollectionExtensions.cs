using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using WebsiteFactory.Core.Execution;

namespace WebsiteFactory.Engine;

/// <summary>Registers the embedded durable engine.</summary>
public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// Registers the embedded engine for the tasks <paramref name="tasks"/> adds to the SDK's
    /// <see cref="DurableTaskRegistry"/>: the worker (<see cref="PostgresDurableTaskWorker"/>, a hosted service) and the
    /// client (<see cref="DurableTaskClient"/>, implemented by <see cref="PostgresDurableTaskClient"/>), through the
    /// SDK's own builders, plus <see cref="IActivityExecutionAccessor"/> and <see cref="EngineStatistics"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="tasks">Adds orchestrators and activities, e.g. <c>r =&gt; r.AddOrchestrator&lt;ProvisionSite&gt;()</c>.</param>
    /// <param name="configure">Engine options (section <see cref="EngineOptions.SectionName"/>).</param>
    /// <param name="dataSource">The database; default: the <see cref="NpgsqlDataSource"/> in DI.</param>
    /// <returns>The services.</returns>
    /// <remarks>
    /// Payloads go through the SDK's <see cref="DataConverter"/>: a <see cref="DataConverter"/> registered in DI is used by
    /// both worker and client unless their options set one.
    /// </remarks>
    public static IServiceCollection AddWorkflowEngine(
        this IServiceCollection services, Action<DurableTaskRegistry> tasks, Action<EngineOptions>? configure = null, Func<IServiceProvider, NpgsqlDataSource>? dataSource = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(tasks);
        services.AddOptions<EngineOptions>()
            .Configure(o => configure?.Invoke(o))
            .ValidateDataAnnotations()
            .Validate(o => o.LeaseDuration >= TimeSpan.FromMilliseconds(300), "Engine:LeaseDuration must be at least 300 ms.")
            .Validate(o => o.MaxPollInterval > TimeSpan.Zero, "Engine:MaxPollInterval must be positive.")
            .Validate(o => o.DeadWorkerScanInterval > TimeSpan.Zero, "Engine:DeadWorkerScanInterval must be positive.")
            .Validate(o => o.LoopStallThreshold > o.MaxPollInterval, "Engine:LoopStallThreshold must be longer than Engine:MaxPollInterval.")
            .Validate(o => o.SessionIdleTimeout >= TimeSpan.FromSeconds(1), "Engine:SessionIdleTimeout must be at least 1 s.")
            .Validate(o => o.Retention is null || o.Retention > TimeSpan.Zero, "Engine:Retention must be positive when set.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IActivityExecutionAccessor, ActivityExecutionAccessor>();
        services.TryAddSingleton(sp => new EngineRuntime(
            sp.GetRequiredService<IOptions<EngineOptions>>(), dataSource?.Invoke(sp) ?? sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => sp.GetRequiredService<EngineRuntime>().Statistics);

        // The SDK runner resolves its shim factory from the services: it must carry the worker's options (data converter).
        services.TryAddSingleton(sp => new DurableTaskShimFactory(
            sp.GetRequiredService<IOptionsMonitor<DurableTaskWorkerOptions>>().Get(Options.DefaultName), sp.GetService<ILoggerFactory>() ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));
        services.AddDurableTaskWorker(builder => builder.AddTasks(tasks).UseBuildTarget<PostgresDurableTaskWorker>());
        services.AddDurableTaskClient(builder => builder.UseBuildTarget<PostgresDurableTaskClient>().RegisterDirectly());
        return services;
    }
}
