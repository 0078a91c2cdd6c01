using Microsoft.DurableTask;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;

namespace WebsiteFactory.Workflows.Provisioning.Activities;

/// <summary>Reads the domains of a batch's sites (child instance ids derive from them); unknown ids are reported, not fatal.</summary>
[DurableTask(Name)]
public sealed class ResolveBatchSitesActivity(ISiteStateStore store, IActivityExecutionAccessor execution) : TaskActivity<IReadOnlyList<Guid>, IReadOnlyList<BatchSite?>>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Provisioning_ResolveBatchSites";

    /// <inheritdoc />
    public override async Task<IReadOnlyList<BatchSite?>> RunAsync(TaskActivityContext context, IReadOnlyList<Guid> input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var result = new List<BatchSite?>(input.Count);
        foreach (var id in input)
        {
            var site = await store.GetAsync(id, execution.Current.CancellationToken).ConfigureAwait(false);
            result.Add(site is null ? null : new BatchSite(site.Id, site.Domain.Value));
        }

        return result;
    }
}
