using System.Text.Json;
using Microsoft.DurableTask.Client;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Api.Management;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Api.Endpoints;

/// <summary>
/// What a site workflow's instance says about its run: still running, succeeded, or failed at a step with a reason.
/// </summary>
/// <remarks>
/// <para>A step's final failure fails the instance with <see cref="SiteStepFailedException"/> (after it was recorded on
/// the site), so a failed run is a <c>Failed</c> instance and its step and reason come from the failure details
/// (<see cref="SiteStepFailedException.TryRead"/>); a completed instance always succeeded. Instances completed by
/// earlier versions, which completed with <c>succeeded: false</c>, still read as failed.</para>
/// </remarks>
/// <param name="RuntimeStatus">The instance status, or null when there is no instance.</param>
/// <param name="Succeeded">True when completed, false when failed or terminated, null while running or without an instance.</param>
/// <param name="FailedStep">The failed step (snake case), when known.</param>
/// <param name="Error">Why it failed (redacted), when it failed.</param>
public sealed record ProvisioningOutcome(OrchestrationRuntimeStatus? RuntimeStatus, bool? Succeeded, string? FailedStep, string? Error)
{
    /// <summary>Reads the outcome of an instance.</summary>
    /// <param name="m">The instance, fetched with inputs and outputs (null when there is none).</param>
    /// <returns>The outcome.</returns>
    public static ProvisioningOutcome Of(OrchestrationMetadata? m)
    {
        if (m is null)
        {
            return new(null, null, null, null);
        }

        switch (m.RuntimeStatus)
        {
            case OrchestrationRuntimeStatus.Failed when SiteStepFailedException.TryRead(m.FailureDetails, out var step, out var reason):
                return new(m.RuntimeStatus, false, step, SecretRedactor.Redact(reason));
            case OrchestrationRuntimeStatus.Failed:
                return new(m.RuntimeStatus, false, null, SecretRedactor.Redact(m.FailureDetails?.ErrorMessage) ?? "The run failed.");
            case OrchestrationRuntimeStatus.Terminated:
                return new(m.RuntimeStatus, false, null, "Terminated" + (ManagementJson.Payload(m.SerializedOutput) is { } why ? ": " + (why.GetValueKind() == JsonValueKind.String ? why.GetValue<string>() : why.ToJsonString()) : "."));
            case OrchestrationRuntimeStatus.Completed when Legacy(m.SerializedOutput) is { } legacy:
                return new(m.RuntimeStatus, false, legacy.Step, SecretRedactor.Redact(legacy.Error));
            case OrchestrationRuntimeStatus.Completed:
                return new(m.RuntimeStatus, true, null, null);
            default:
                return new(m.RuntimeStatus, null, null, null);
        }
    }

    /// <summary>A completed output with <c>succeeded: false</c> (instances of earlier versions): its step and error.</summary>
    private static (string? Step, string? Error)? Legacy(string? output)
    {
        if (string.IsNullOrEmpty(output))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(output);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            string? Text(string name) => doc.RootElement.EnumerateObject().FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { Value.ValueKind: JsonValueKind.String } p ? p.Value.GetString() : null;
            var succeeded = doc.RootElement.EnumerateObject().FirstOrDefault(p => p.Name.Equals("succeeded", StringComparison.OrdinalIgnoreCase));
            return succeeded.Value.ValueKind == JsonValueKind.False ? (Text("failedStep"), Text("error") ?? "A step failed.") : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
