using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;

namespace WebsiteFactory.Api.Management;

/// <summary>Builds the Durable Functions status object (docs/durable-http-api.md §5).</summary>
public static class StatusResponse
{
    /// <summary>Whether a status is still running in the management API's sense (202 while in it).</summary>
    /// <param name="status">The status.</param>
    /// <returns>True for Pending, Running, ContinuedAsNew, Suspended.</returns>
    public static bool IsActive(OrchestrationRuntimeStatus status) =>
#pragma warning disable CS0618 // ContinuedAsNew is obsolete in the SDK, but older backends and stored statuses may still report it.
        status is OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.ContinuedAsNew or OrchestrationRuntimeStatus.Suspended;
#pragma warning restore CS0618

    /// <summary>Whether a status is terminal.</summary>
    /// <param name="status">The status.</param>
    /// <returns>True for Completed, Failed, Terminated.</returns>
    public static bool IsTerminal(OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;

    /// <summary>Builds the object. All keys except <c>historyEvents</c> are always present.</summary>
    /// <param name="m">The instance metadata (fetched with inputs and outputs).</param>
    /// <param name="showInput">Include the input (otherwise <c>null</c>).</param>
    /// <param name="history">The projected history, or null to omit the key.</param>
    /// <returns>The JSON object.</returns>
    public static JsonObject Build(OrchestrationMetadata m, bool showInput, JsonArray? history = null)
    {
        var output = ManagementJson.Payload(m.SerializedOutput);
        if (output is null && m.RuntimeStatus == OrchestrationRuntimeStatus.Failed && m.FailureDetails is { } f)
        {
            // Durable Functions puts the failure message in output for failed orchestrations.
            output = JsonValue.Create(Core.Domain.SecretRedactor.Redact(f.ErrorMessage));
        }

        var o = new JsonObject
        {
            ["name"] = m.Name,
            ["instanceId"] = m.InstanceId,
            ["runtimeStatus"] = m.RuntimeStatus.ToString(),
            ["input"] = showInput ? ManagementJson.Payload(m.SerializedInput) : null,
            ["customStatus"] = ManagementJson.Payload(m.SerializedCustomStatus),
            ["output"] = output,
            ["createdTime"] = ManagementJson.StatusTime(m.CreatedAt),
            ["lastUpdatedTime"] = ManagementJson.StatusTime(m.LastUpdatedAt),
        };
        if (history is not null)
        {
            o["historyEvents"] = history;
        }

        return o;
    }
}
