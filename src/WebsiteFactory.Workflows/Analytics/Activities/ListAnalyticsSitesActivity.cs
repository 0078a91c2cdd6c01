using Microsoft.DurableTask;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Workflows.Analytics.Activities;

/// <summary>Lists the sites that have something to collect (a Matomo site id or a Search Console account).</summary>
[DurableTask(Name)]
public sealed class ListAnalyticsSitesActivity(ISiteRepository sites, IActivityExecutionAccessor execution) : TaskActivity<NightlyAnalyticsInput, IReadOnlyList<Guid>>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Analytics_ListSites";

    /// <inheritdoc />
    public override async Task<IReadOnlyList<Guid>> RunAsync(TaskActivityContext context, NightlyAnalyticsInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ids = new List<Guid>();
        for (var offset = 0; ; offset += SiteQuery.MaxLimit)
        {
            var page = await sites.ListAsync(new SiteQuery { Offset = offset, Limit = SiteQuery.MaxLimit }, execution.Current.CancellationToken).ConfigureAwait(false);
            ids.AddRange(page.Items.Where(s => s.MatomoSiteId is not null || s.GscAccountId is not null).Select(s => s.Id));
            if (!page.HasMore)
            {
                return ids;
            }
        }
    }
}
