using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace WebsiteFactory.Workflows;

/// <summary>
/// The one JSON form of every workflow payload (inputs, outputs, custom status, events): System.Text.Json with web
/// defaults (camelCase names, case-insensitive reads), which is what the dashboard and <c>wf</c> read.
/// </summary>
/// <remarks>
/// The SDK's own default (<see cref="JsonDataConverter.Default"/>) writes PascalCase; every host must use
/// <see cref="Converter"/> instead, for the worker and the client alike, or stored custom status and outputs change
/// shape. <see cref="AddWorkflowSerialization"/> registers it as the <see cref="DataConverter"/> service, which
/// <c>DurableTaskWorkerOptions</c> and <c>DurableTaskClientOptions</c> pick up whenever their <c>DataConverter</c> is not
/// set explicitly.
/// </remarks>
public static class WorkflowSerialization
{
    /// <summary>Gets the data converter of every host: JSON with <see cref="JsonSerializerDefaults.Web"/>.</summary>
    public static DataConverter Converter { get; } = new JsonDataConverter(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>
    /// Registers <see cref="Converter"/> as the <see cref="DataConverter"/> service (unless one is registered already), so
    /// the Durable Task worker and client registered in the same container use it.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddWorkflowSerialization(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(Converter);
        return services;
    }
}
