using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Api.Management;
using WebsiteFactory.Api.Routing;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Api.Endpoints;

/// <summary>
/// <c>GET /api/sites/{site}/provisioning</c>: the state of a site's provisioning instance as the dashboard's site page and
/// <c>wf status</c> show it, read from the instance (a failed run is a Failed instance; see <see cref="ProvisioningOutcome"/>).
/// </summary>
public static class ProvisioningStatusApi
{
    /// <summary>What <c>POST /api/sites/{site}/retry</c> would do now.</summary>
    public enum RetryAction
    {
        /// <summary>The run is still going: retry answers 409.</summary>
        None,

        /// <summary>The failed instance is rewound: completed steps keep their results, the failed step and what follows run again.</summary>
        Rewind,

        /// <summary>No failed instance to rewind (never run, purged, completed or terminated): a fresh run starts; every step is idempotent.</summary>
        Start,
    }

    /// <summary>A site's provisioning.</summary>
    /// <param name="InstanceId">The instance id (<see cref="WebsiteFactory.Workflows.SiteInstanceIds.Provision"/>).</param>
    /// <param name="RuntimeStatus">The instance status, or null when it was never started (or was purged).</param>
    /// <param name="CustomStatus">The current step (<c>{ step, detail }</c>), if any.</param>
    /// <param name="Succeeded">True when completed, false when failed or terminated, null otherwise.</param>
    /// <param name="FailedStep">The failed step (snake case), when it failed at a known step.</param>
    /// <param name="Error">Why it failed, when it failed.</param>
    /// <param name="CreatedAt">When the run started.</param>
    /// <param name="LastUpdatedAt">When the instance last changed.</param>
    /// <param name="Retry">What a retry would do now.</param>
    public sealed record SiteProvisioning(
        string InstanceId, string? RuntimeStatus, JsonNode? CustomStatus, bool? Succeeded, string? FailedStep, string? Error,
        DateTimeOffset? CreatedAt, DateTimeOffset? LastUpdatedAt, RetryAction Retry);

    /// <summary>Reads a site's provisioning.</summary>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="instanceId">The site's provisioning instance id.</param>
    /// <param name="ct">Cancels the call.</param>
    /// <returns>The state.</returns>
    public static async Task<SiteProvisioning> ReadAsync(DurableTaskClient client, string instanceId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        var m = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, ct);
        var outcome = ProvisioningOutcome.Of(m);
        var retry = m is null ? RetryAction.Start
            : m.RuntimeStatus == OrchestrationRuntimeStatus.Failed ? RetryAction.Rewind
            : StatusResponse.IsActive(m.RuntimeStatus) ? RetryAction.None
            : RetryAction.Start;
        return new SiteProvisioning(
            instanceId, m?.RuntimeStatus.ToString(), ManagementJson.Payload(m?.SerializedCustomStatus), outcome.Succeeded, outcome.FailedStep, outcome.Error,
            m?.CreatedAt, m?.LastUpdatedAt, retry);
    }

    /// <summary><c>GET /api/sites/{site}/provisioning</c>: the site's provisioning run as its instance reports it.</summary>
    /// <remarks>A failed run that was rolled back or torn down since is not rewound but started afresh (<c>retry: start</c>).</remarks>
    [ApiRoute("GET", "/api/sites/{site}/provisioning", ApiScope.Read)]
    public static async Task<IResult> GetAsync(string site, ISiteRepository sites, ISiteEventLog events, DurableTaskClient client, CancellationToken ct)
    {
        var (found, problem) = await SiteLocator.FindAsync(sites, site, ct);
        if (problem is not null)
        {
            return problem;
        }

        var state = await ReadAsync(client, ProvisioningContract.SiteInstanceId(found!.Domain), ct);
        if (state is { Retry: RetryAction.Rewind, CreatedAt: { } created } && await ProvisioningApi.TornDownSinceAsync(events, found, created, ct))
        {
            state = state with { Retry = RetryAction.Start };
        }

        return TypedResults.Ok(state);
    }
}
