using Microsoft.DurableTask;
using WebsiteFactory.Core.Execution;

namespace WebsiteFactory.Workflows.Provisioning.Activities;

/// <summary>
/// Starts a site's background Matomo retry (<see cref="AnalyticsRetry"/>, instance <c>analytics-{domain}</c>) unless it is
/// already running, so the calling <see cref="ProvisionSite"/> can complete without waiting for Matomo.
/// </summary>
/// <remarks>
/// An activity, not a sub-orchestration: a child instance belongs to its parent (the parent waits for it, and a
/// re-run of the parent would receive the old child's completion), and the SDK has no fire-and-forget start.
/// </remarks>
[DurableTask(Name)]
public sealed class StartAnalyticsRetryActivity(ProvisioningLookups lookups, IOrchestrationStarter starter, IActivityExecutionAccessor execution) : TaskActivity<AnalyticsRetryInput, string>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Provisioning_StartAnalyticsRetry";

    /// <inheritdoc />
    /// <returns>The retry's instance id (started now, or already active).</returns>
    public override async Task<string> RunAsync(TaskActivityContext context, AnalyticsRetryInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var ct = execution.Current.CancellationToken;
        var site = await lookups.SiteAsync(input.SiteId, ct).ConfigureAwait(false);
        var id = SiteInstanceIds.Analytics(site.Domain.Value);
        await starter.StartUnlessActiveAsync(AnalyticsRetry.Name, input, id, ct).ConfigureAwait(false);
        return id;
    }
}
