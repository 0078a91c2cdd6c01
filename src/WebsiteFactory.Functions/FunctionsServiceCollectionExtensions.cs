using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WebsiteFactory.Api;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Functions.Auth;
using WebsiteFactory.Functions.Http;
using WebsiteFactory.Providers.Build;
using WebsiteFactory.Providers.Content;
using WebsiteFactory.Workflows;
using WebsiteFactory.Workflows.Content;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Functions;

/// <summary>
/// Registers what the product's orchestrators and activities need on the Functions host (as the local Server's backend
/// registration does) and the worker's payload serializer.
/// </summary>
public static class FunctionsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the provisioning settings (section <c>Provisioning</c>) the HTTP starters put in every input, the lookups and
    /// content options the activities take, the <see cref="IActivityExecutionAccessor"/> the activity triggers fill, builds on
    /// the site's server (<c>Content:Build:Mode</c>, default <c>Remote</c> here; call after <c>AddContentProviders</c>), the
    /// product's <see cref="Microsoft.DurableTask.DataConverter"/>, and makes the worker serialize with it
    /// (<see cref="WorkflowObjectSerializer"/>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The service collection.</returns>
    /// <remarks>
    /// The activities themselves are not registered: each activity trigger creates its activity from the invocation's
    /// services, as the SDK's registry does (<c>ActivatorUtilities.GetServiceOrCreateInstance</c>).
    /// </remarks>
    public static IServiceCollection AddWebsiteFactoryFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.TryAddSingleton(_ => (configuration.GetSection("Provisioning").Get<ProvisionSettings>() ?? new ProvisionSettings()).ThrowIfInvalid());
        services.TryAddSingleton<IOrchestrationStarter, Triggers.FunctionsOrchestrationStarter>();
        services.TryAddSingleton<ProvisioningLookups>();
        services.TryAddSingleton(_ => ContentWorkflowOptions.From(configuration["Content:Workflow:MatomoUrl"] ?? configuration["Providers:Matomo:Url"], configuration["Content:Workflow:ArtifactsDirectory"]));
        services.TryAddSingleton<IActivityExecutionAccessor, ActivityExecutionAccessor>();

        // A Flex Consumption instance has no node, rsync or ssh, and the build and deploy steps may run on different
        // instances: sites are built on their own server over SSH.NET unless Content:Build:Mode says Local.
        if (ContentProvidersServiceCollectionExtensions.BuildMode(configuration, SiteBuildMode.Remote) == SiteBuildMode.Remote)
        {
            services.AddServerSiteBuilds(configuration);
        }

        services.AddWorkflowSerialization();
        services.AddOptions<WorkerOptions>().Configure(worker => worker.Serializer = WorkflowObjectSerializer.Instance);
        return services.AddWebsiteFactoryFunctionsApi(configuration);
    }

    /// <summary>
    /// Adds what the generated HTTP functions (<see cref="ApiFunctions"/>) need to run the shared <c>/api</c> handlers:
    /// the API's services (<see cref="ApiServiceCollectionExtensions.AddWebsiteFactoryApi"/>; the task hub name from
    /// <c>WF_TASK_HUB</c>, the setting <c>host.json</c> names the hub with), authentication
    /// (<see cref="FunctionsAuthentication.AddFunctionsAuthentication"/>), the orchestrators this app runs (the registry
    /// of <c>WebsiteFactory.Workflows</c>, whose every orchestrator has a generated trigger) and the request delegates.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddWebsiteFactoryFunctionsApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddWebsiteFactoryApi().Configure(o => o.TaskHub = configuration["WF_TASK_HUB"] is { Length: > 0 } hub ? hub : o.TaskHub);
        services.AddFunctionsAuthentication(configuration);
        services.TryAddSingleton(_ => new OrchestratorCatalog(
            new DurableTaskRegistry().AddProvisioning().AddContentWorkflows().GetOrchestrators().Select(o => o.Key.Name)));
        ApiRequestDelegates.Register(services);
        return services;
    }
}
