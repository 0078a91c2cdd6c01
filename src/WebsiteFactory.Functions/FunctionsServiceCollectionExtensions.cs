using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WebsiteFactory.Core.Execution;
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
    /// content options the activities take, the <see cref="IActivityExecutionAccessor"/> the activity triggers fill, the
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
        services.AddWorkflowSerialization();
        services.AddOptions<WorkerOptions>().Configure(worker => worker.Serializer = WorkflowObjectSerializer.Instance);
        return services;
    }
}
