using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace WebsiteFactory.Workflows;

/// <summary><see cref="IOrchestrationStarter"/> over a <see cref="DurableTaskClient"/> (the embedded engine's, or any other).</summary>
/// <param name="client">The client.</param>
public sealed class DurableTaskClientStarter(DurableTaskClient client) : IOrchestrationStarter
{
    /// <inheritdoc />
    public Task<bool> StartUnlessActiveAsync(string orchestrator, object input, string instanceId, CancellationToken cancellationToken = default) =>
        StartUnlessActiveAsync(client, orchestrator, input, instanceId, cancellationToken);

    /// <inheritdoc />
    public Task<bool> IsActiveAsync(string instanceId, CancellationToken cancellationToken = default) => IsActiveAsync(client, instanceId, cancellationToken);

    /// <summary>The shared implementation, for hosts that hold a client per call (the Functions activity trigger).</summary>
    /// <param name="client">The client.</param>
    /// <param name="orchestrator">The orchestrator's registered name.</param>
    /// <param name="input">The input.</param>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>Whether a new instance was started.</returns>
    /// <remarks>
    /// A start that races another start of the same id may be refused ("already exists"); when the instance is then
    /// active, the other start won and this one reports <see langword="false"/>.
    /// </remarks>
    public static async Task<bool> StartUnlessActiveAsync(DurableTaskClient client, string orchestrator, object input, string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestrator);
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        if (await IsActiveAsync(client, instanceId, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(instanceId), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (InvalidOperationException) when (!cancellationToken.IsCancellationRequested)
        {
            if (await IsActiveAsync(client, instanceId, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            throw;
        }
    }

    /// <summary>Whether the instance exists and is pending, running or suspended.</summary>
    /// <param name="client">The client.</param>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True while the instance can still make progress.</returns>
    public static async Task<bool> IsActiveAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var meta = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        return meta?.RuntimeStatus is OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended;
    }
}
