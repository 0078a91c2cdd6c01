using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Dt = Microsoft.DurableTask;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Functions.Durable;

/// <summary>
/// Runs the orchestrators and activities registered in the product's <see cref="WorkflowCatalog"/> from the Durable
/// Functions triggers, so each trigger function is a one-line shim.
/// </summary>
/// <remarks>
/// Inputs arrive as JSON and are converted with the product's <see cref="DataConverter"/> to the type the
/// orchestrator or activity declares; the worker serializes results with the same options (see
/// <see cref="FunctionsServiceCollectionExtensions.AddWebsiteFactoryFunctions"/>), so payloads look the same on both
/// engines.
/// </remarks>
public sealed class WorkflowInvoker
{
    private readonly WorkflowCatalog catalog;
    private readonly DataConverter converter;

    /// <summary>Initializes a new instance of the <see cref="WorkflowInvoker"/> class.</summary>
    /// <param name="catalog">The registered workflows.</param>
    /// <param name="converter">The product's data converter.</param>
    public WorkflowInvoker(WorkflowCatalog catalog, DataConverter converter)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(converter);
        this.catalog = catalog;
        this.converter = converter;
    }

    /// <summary>Runs the orchestrator registered under <paramref name="name"/>, on the version the instance started with.</summary>
    /// <param name="name">The orchestrator's registered name (the trigger function's name is <see cref="FunctionNames.For"/> of it).</param>
    /// <param name="context">The orchestration trigger's context.</param>
    /// <param name="services">The invocation's services (<c>FunctionContext.InstanceServices</c>).</param>
    /// <returns>The orchestrator's output.</returns>
    /// <remarks>
    /// Runs synchronously up to the orchestrator's first await: the extension rejects orchestrator functions that await
    /// anything before touching the context.
    /// </remarks>
    public Task<object?> RunOrchestratorAsync(string name, Dt.TaskOrchestrationContext context, IServiceProvider services)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(services);
        var adapter = new DurableOrchestrationContext(context, name, this.catalog);
        var version = string.IsNullOrEmpty(adapter.Version) ? null : adapter.Version;
        if (!this.catalog.TryGetOrchestrator(adapter.Name, version, out var registration))
        {
            throw new InvalidOperationException(
                $"Orchestrator '{adapter.Name}' (version '{adapter.Version}') is not registered in this host; registered versions: " +
                string.Join(", ", this.catalog.GetVersions(adapter.Name).Select(v => $"'{v}'")) + ".");
        }

        var orchestrator = registration.Factory(services);
        var input = this.Convert(context.GetInput<JsonElement?>(), orchestrator.InputType);
        return orchestrator.RunAsync(adapter, input);
    }

    /// <summary>Runs the activity registered under <paramref name="name"/>.</summary>
    /// <param name="name">The activity's registered name (the trigger function's name is <see cref="FunctionNames.ForActivity"/> of it).</param>
    /// <param name="input">The activity input as JSON.</param>
    /// <param name="context">The invocation's function context.</param>
    /// <returns>The activity's output.</returns>
    public Task<object?> RunActivityAsync(string name, JsonElement? input, FunctionContext context)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(context);
        if (!this.catalog.TryGetActivity(name, out var registration))
        {
            throw new InvalidOperationException($"Activity '{name}' is not registered in this host.");
        }

        // The activity trigger's binding data carries the instance id of the orchestration that scheduled the call.
        var instanceId = context.BindingContext.BindingData.TryGetValue("instanceId", out var id) && id?.ToString() is { Length: > 0 } value
            ? value
            : context.InvocationId;
        var activity = registration.Factory(context.InstanceServices);
        var activityContext = new ActivityContext(name, instanceId, context.CancellationToken);
        return activity.RunAsync(activityContext, this.Convert(input, activity.InputType));
    }

    private object? Convert(JsonElement? json, Type type) =>
        json is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } element
            ? this.converter.Deserialize(element.GetRawText(), type)
            : null;
}
