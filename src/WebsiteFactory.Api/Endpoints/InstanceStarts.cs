using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using WebsiteFactory.Api.Management;

namespace WebsiteFactory.Api.Endpoints;

/// <summary>Starts of instances whose id is derived from what they act on (a site's domain), on any <see cref="DurableTaskClient"/>.</summary>
internal static class InstanceStarts
{
    /// <summary>
    /// Starts the instance unless one with this id is still running, in which case that one is the answer (a second
    /// request joins the first); a finished one is replaced by the new run.
    /// </summary>
    /// <remarks>
    /// The SDK has no "return existing" start policy: existence is checked first, and an "already exists" answer from a
    /// start that raced another (<see cref="InvalidOperationException"/> on every SDK client) counts as joined.
    /// </remarks>
    public static async Task<string> StartOrJoinAsync(DurableTaskClient client, TaskName orchestrator, object? input, string instanceId, CancellationToken ct)
    {
        if (await IsActiveAsync(client, instanceId, ct))
        {
            return instanceId;
        }

        try
        {
            return await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(instanceId), ct);
        }
        catch (InvalidOperationException) when (!ct.IsCancellationRequested)
        {
            if (await IsActiveAsync(client, instanceId, ct))
            {
                return instanceId;
            }

            throw;
        }
    }

    private static async Task<bool> IsActiveAsync(DurableTaskClient client, string instanceId, CancellationToken ct) =>
        await client.GetInstanceAsync(instanceId, ct) is { } m && StatusResponse.IsActive(m.RuntimeStatus);
}
