using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace WebsiteFactory.Workflows;

/// <summary>Registers orchestrators and activities with dependency injection.</summary>
public static class WorkflowsServiceCollectionExtensions
{
    /// <summary>
    /// Registers orchestrators and activities. May be called several times (for example once per feature); all
    /// registrations are merged into the singleton <see cref="WorkflowCatalog"/>. Also registers the default
    /// <see cref="DataConverter"/> (<see cref="JsonDataConverter.Default"/>) unless one is registered already.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Adds registrations, e.g. <c>r =&gt; r.AddOrchestrator&lt;ProvisionSite&gt;().AddActivity&lt;CreateZone&gt;()</c>.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddWorkflows(this IServiceCollection services, Action<WorkflowRegistry> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var registry = new WorkflowRegistry();
        configure(registry);
        services.AddSingleton(registry);
        services.TryAddSingleton(sp => new WorkflowCatalog(sp.GetServices<WorkflowRegistry>()));
        services.TryAddSingleton<DataConverter>(JsonDataConverter.Default);
        return services;
    }
}
