using Microsoft.DurableTask;
using WebsiteFactory.Core.Execution;

namespace WebsiteFactory.Workflows.Rollout.Activities;

/// <summary>
/// Before a wave starts: which of its sites have a mutating operation active (<see cref="SiteOperationKinds"/>), so the
/// rollout skips them without starting a child. Returns one line per busy site, keyed by site id.
/// </summary>
/// <remarks>
/// The children check again under the site's gate (<see cref="Content.PublishSiteInput.Exclusive"/>), which covers an
/// operation started after this read. This read is still needed for a redeploy of the site already running: the child
/// would have that instance's id (<c>redeploy-{domain}</c>), and a sub-orchestration start on the id of a running
/// instance is not a clean refusal on every backend.
/// </remarks>
[DurableTask(Name)]
public sealed class FindBusySitesActivity(IOrchestrationStarter starter, IActivityExecutionAccessor execution) : TaskActivity<IReadOnlyList<RolloutSite>, IReadOnlyDictionary<Guid, string>>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Rollout_FindBusySites";

    /// <inheritdoc />
    /// <returns>Busy site id → why (the other operation's kind and instance id).</returns>
    public override async Task<IReadOnlyDictionary<Guid, string>> RunAsync(TaskActivityContext context, IReadOnlyList<RolloutSite> input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var ct = execution.Current.CancellationToken;
        var busy = new Dictionary<Guid, string>();
        foreach (var site in input)
        {
            if (await SiteOperationKinds.OtherActiveAsync(site.Domain, null, starter.IsActiveAsync, ct).ConfigureAwait(false) is { } other)
            {
                busy[site.SiteId] = $"Not started: '{site.Domain}' is busy with {other.Kind} {other.InstanceId}. One operation per site runs at a time.";
            }
        }

        return busy;
    }
}
