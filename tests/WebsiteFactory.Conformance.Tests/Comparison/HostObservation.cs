using Microsoft.DurableTask.Client;

namespace WebsiteFactory.Conformance.Tests.Comparison;

/// <summary>What one host's run of a scenario looked like from outside, normalized, one fact per line.</summary>
/// <param name="Root">The root instance as the client saw it at the end (null when the host does not know it).</param>
/// <param name="Lines">Every instance's final state, custom-status sequence, orchestrator-side calls and stub executions, and the drive's notes.</param>
public sealed record HostObservation(OrchestrationMetadata? Root, IReadOnlyList<string> Lines)
{
    /// <summary>Gets the root's output and failure message (for the scenario's expected texts).</summary>
    public string RootText => $"{this.Root?.SerializedOutput}\n{this.Root?.FailureDetails?.ErrorMessage}";
}
