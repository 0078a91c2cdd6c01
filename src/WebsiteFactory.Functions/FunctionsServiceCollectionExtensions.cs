using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WebsiteFactory.Functions.Durable;
using WebsiteFactory.Workflows;
using WebsiteFactory.Workflows.Content;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Functions;

/// <summary>
/// Registers what the Functions host runs: the product's workflows (as the local Server's backend registers them) and
/// the host's own services (workflow invoker, shared JSON settings).
/// </summary>
public static class FunctionsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the provisioning, content and analytics workflows with the provisioning settings (section
    /// <c>Provisioning</c>) and lookups,
    /// <see cref="WorkflowInvoker"/>, and makes the worker serialize with the product's JSON options, which the Durable
    /// Task extension then uses for every orchestration and activity payload.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The service collection.</returns>
    /// <remarks>Workflows added to <c>WebsiteFactory.Workflows</c> are registered here too, next to their trigger shims.</remarks>
    public static IServiceCollection AddWebsiteFactoryFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        // Pipeline timings passed in every provisioning input, as the local Server does.
        services.TryAddSingleton(_ => configuration.GetSection("Provisioning").Get<ProvisionSettings>() ?? new ProvisionSettings());
        services.TryAddSingleton<ProvisioningLookups>();
        services.TryAddSingleton(_ => ContentWorkflowOptions.From(configuration["Content:Workflow:MatomoUrl"] ?? configuration["Providers:Matomo:Url"], configuration["Content:Workflow:ArtifactsDirectory"]));
        services.AddWorkflows(registry => registry.AddProvisioning().AddContentWorkflows());

        services.TryAddSingleton<DataConverter>(JsonDataConverter.Default);
        services.TryAddSingleton<WorkflowInvoker>();

        // The extension builds its DataConverter from WorkerOptions.Serializer (and deliberately ignores any other),
        // so this is the one place that decides how inputs, outputs and custom status are written in the task hub.
        services.AddOptions<WorkerOptions>().Configure<DataConverter>((worker, converter) =>
        {
            if (converter is JsonDataConverter json)
            {
                worker.Serializer = new JsonObjectSerializer(json.Options);
            }
        });
        return services;
    }
}
