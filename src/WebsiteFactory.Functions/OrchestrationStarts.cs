using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace WebsiteFactory.Functions;

/// <summary>How the starters (HTTP, timer) start an orchestration under a fixed instance id.</summary>
public static class OrchestrationStarts
{
    /// <summary>
    /// Starts <paramref name="orchestrator"/> as <paramref name="instanceId"/> unless that instance is still active, in
    /// which case its id is returned and nothing is started: one provisioning per site, one nightly run per day.
    /// </summary>
    /// <param name="client">The Durable Functions client.</param>
    /// <param name="orchestrator">The orchestrator's task name.</param>
    /// <param name="input">The input.</param>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The instance id.</returns>
    /// <remarks>
    /// The task hub decides a start racing another start of the same id; a finished instance (completed, failed,
    /// terminated) is replaced by the new start, as Durable Functions does.
    /// </remarks>
    public static async Task<string> StartUnlessActiveAsync(
        this DurableTaskClient client, TaskName orchestrator, object? input, string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        if (await client.GetInstanceAsync(instanceId, cancellationToken) is { } existing && IsActive(existing.RuntimeStatus))
        {
            return instanceId;
        }

        return await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(instanceId), cancellationToken);
    }

    /// <summary>Whether an instance in <paramref name="status"/> has not finished (pending, running or suspended).</summary>
    /// <param name="status">The runtime status.</param>
    /// <returns>True while the instance can still make progress.</returns>
    public static bool IsActive(OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended;
}
