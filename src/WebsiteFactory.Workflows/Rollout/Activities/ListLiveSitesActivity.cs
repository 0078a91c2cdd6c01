using Microsoft.DurableTask;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Workflows.Rollout.Activities;

/// <summary>Lists the sites a <see cref="TemplateRollout"/> covers (<see cref="LiveSites"/>), in domain order.</summary>
[DurableTask(Name)]
public sealed class ListLiveSitesActivity(ISiteRepository sites, IActivityExecutionAccessor execution) : TaskActivity<TemplateRolloutInput, IReadOnlyList<RolloutSite>>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Rollout_ListLiveSites";

    /// <inheritdoc />
    public override async Task<IReadOnlyList<RolloutSite>> RunAsync(TaskActivityContext context, TemplateRolloutInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var live = await LiveSites.ListAsync(sites, input.SiteIds, execution.Current.CancellationToken).ConfigureAwait(false);
        return live.Select(s => new RolloutSite(s.Id, s.Domain.Value)).ToList();
    }
}
