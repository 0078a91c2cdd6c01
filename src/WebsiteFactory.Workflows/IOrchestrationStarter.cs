namespace WebsiteFactory.Workflows;

/// <summary>
/// Starts an orchestration under a fixed instance id from inside an activity, for work that must outlive the calling
/// orchestration (the Durable Task SDK has no fire-and-forget sub-orchestration: a child is tied to its parent).
/// </summary>
/// <remarks>
/// The embedded engine implements it over its <c>DurableTaskClient</c> (<see cref="DurableTaskClientStarter"/>); the
/// Functions host over the activity trigger's <c>[DurableClient]</c> binding. Starting is idempotent per instance id: an
/// active instance is left alone, a finished one is replaced.
/// </remarks>
public interface IOrchestrationStarter
{
    /// <summary>Starts <paramref name="orchestrator"/> as <paramref name="instanceId"/> unless that instance is active.</summary>
    /// <param name="orchestrator">The orchestrator's registered name.</param>
    /// <param name="input">The input.</param>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns><see langword="true"/> when it started a new instance; <see langword="false"/> when one was already pending, running or suspended.</returns>
    Task<bool> StartUnlessActiveAsync(string orchestrator, object input, string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Whether the instance exists and is pending, running or suspended.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True while the instance can still make progress.</returns>
    Task<bool> IsActiveAsync(string instanceId, CancellationToken cancellationToken = default);
}
