using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Workflows.Rollout;

/// <summary>
/// The sites a template rollout covers: live (<c>status_deployment</c> deployed, or deploying: a redeploy of a live site is
/// running, and the rollout must report that site as busy rather than leave it out), lifecycle active, with a server and a
/// doc root. Sorted by domain, so the canary wave is the same set on every run and in the API's dry run.
/// </summary>
public static class LiveSites
{
    /// <summary>Lists the live sites, optionally only among <paramref name="only"/>.</summary>
    /// <param name="sites">The site repository.</param>
    /// <param name="only">Limit to these ids; null: all.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The live sites, by domain.</returns>
    public static async Task<IReadOnlyList<Site>> ListAsync(ISiteRepository sites, IReadOnlyCollection<Guid>? only, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sites);
        var filter = only is null ? null : new HashSet<Guid>(only);
        var live = new List<Site>();
        for (var offset = 0; ; offset += SiteQuery.MaxLimit)
        {
            var page = await sites.ListAsync(
                new SiteQuery
                {
                    DeploymentStatuses = [DeploymentStatus.Deployed, DeploymentStatus.Deploying], Lifecycles = [SiteLifecycle.Active],
                    OrderBy = SiteSortOrder.Domain, Offset = offset, Limit = SiteQuery.MaxLimit,
                },
                ct).ConfigureAwait(false);
            live.AddRange(page.Items.Where(s => s.HostingDocRoot is not null && s.ServerId is not null && (filter is null || filter.Contains(s.Id))));
            if (!page.HasMore)
            {
                break;
            }
        }

        // Paging by offset while sites change status can show a site on two pages: once is enough.
        return [.. live.DistinctBy(s => s.Id).OrderBy(s => s.Domain.Value, StringComparer.Ordinal)];
    }
}
