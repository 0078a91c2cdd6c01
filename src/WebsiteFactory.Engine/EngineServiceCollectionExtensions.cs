using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Engine;

/// <summary>Registers the embedded durable engine.</summary>
public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// Adds the embedded engine: a hosted <see cref="WorkflowEngine"/> (schema migration, orchestration and activity
    /// dispatchers) and its <see cref="IWorkflowClient"/>. The <see cref="NpgsqlDataSource"/> comes from DI unless
    /// <paramref name="dataSource"/> is given; orchestrators and activities from <see cref="WorkflowsServiceCollectionExtensions.AddWorkflows"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Adjusts the options (validated on first use).</param>
    /// <param name="dataSource">Chooses the data source; default: the registered <see cref="NpgsqlDataSource"/>.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddWorkflowEngine(
        this IServiceCollection services, Action<EngineOptions>? configure = null, Func<IServiceProvider, NpgsqlDataSource>? dataSource = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<EngineOptions>()
            .Configure(o => configure?.Invoke(o))
            .ValidateDataAnnotations()
            .Validate(o => o.LeaseDuration >= TimeSpan.FromMilliseconds(300), "Engine:LeaseDuration must be at least 300 ms.")
            .Validate(o => o.MaxPollInterval > TimeSpan.Zero, "Engine:MaxPollInterval must be positive.")
            .Validate(o => o.Retention is null || o.Retention > TimeSpan.Zero, "Engine:Retention must be positive when set.")
            .ValidateOnStart();
        services.TryAddSingleton(sp => new WorkflowCatalog(sp.GetServices<WorkflowRegistry>()));
        services.TryAddSingleton<DataConverter>(JsonDataConverter.Default);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new WorkflowEngine(
            sp, sp.GetRequiredService<IOptions<EngineOptions>>(), dataSource?.Invoke(sp) ?? sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddHostedService(sp => sp.GetRequiredService<WorkflowEngine>());
        services.TryAddSingleton(sp => sp.GetRequiredService<WorkflowEngine>().Client);
        return services;
    }
}
