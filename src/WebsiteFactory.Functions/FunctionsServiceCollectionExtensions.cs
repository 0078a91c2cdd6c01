using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WebsiteFactory.Functions.Durable;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Functions;

/// <summary>Registers the Functions host's own services: the workflow invoker and the shared JSON settings.</summary>
public static class FunctionsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="WorkflowInvoker"/> and makes the worker serialize with the product's JSON options, which the
    /// Durable Task extension then uses for every orchestration and activity payload.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddWebsiteFactoryFunctions(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
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
