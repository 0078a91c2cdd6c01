using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Reconcile;

/// <summary>The database side of a reconcile: which sites are expected where.</summary>
/// <remarks>
/// <para>Ghosts and drift are looked for only on <see cref="SiteLifecycle.Active"/> sites: a site being torn down is in flux,
/// and one whose teardown failed names its orphans in its own events.</para>
/// <para>A vendor resource is ours (not an orphan) when any site row, deleted ones included, holds its id (a teardown may
/// keep the Matomo site on purpose), or when a site that is not deleted claims its name (a zone or CloudPanel site being
/// created has no id in the database yet).</para>
/// </remarks>
internal static class ReconcileFleet
{
    /// <summary>Every site row, page by page.</summary>
    public static async Task<IReadOnlyList<Site>> AllSitesAsync(ISiteRepository sites, CancellationToken ct)
    {
        var all = new List<Site>();
        for (var offset = 0; ; offset += SiteQuery.MaxLimit)
        {
            var page = await sites.ListAsync(new SiteQuery { Offset = offset, Limit = SiteQuery.MaxLimit }, ct).ConfigureAwait(false);
            all.AddRange(page.Items);
            if (!page.HasMore)
            {
                return all;
            }
        }
    }

    /// <summary>
    /// The account or server a scan covers (<see cref="ReconcileScanInput.ScopeId"/>): a permanent failure when it was
    /// removed after the targets were listed (the run reports the scan as failed, not its resources as orphans).
    /// </summary>
    /// <param name="repository">Where that kind of scope is stored.</param>
    /// <param name="input">The scan's input.</param>
    /// <param name="what">What the scope is, for the failure (<c>Cloudflare account</c>, <c>Server</c>...).</param>
    /// <param name="ct">Cancels the read.</param>
    public static async Task<T> ScopeAsync<T>(IEntityRepository<T> repository, ReconcileScanInput input, string what, CancellationToken ct)
        where T : class =>
        await repository.GetAsync(input.ScopeId ?? Guid.Empty, ct).ConfigureAwait(false)
            ?? throw new PermanentStepException($"{what} {input.ScopeId} no longer exists.");

    /// <summary>Whether the site's recorded resources must exist as recorded.</summary>
    public static bool IsChecked(Site site) => site.Lifecycle == SiteLifecycle.Active;

    /// <summary>Whether the site still claims its domain's resources.</summary>
    public static bool ClaimsName(Site site) => site.Lifecycle != SiteLifecycle.Deleted;

    /// <summary>How an operator names a recorded DNS record: its logical key (<c>A @</c>, <c>CNAME www</c>, ...) as a record.</summary>
    public static string RecordResource(string key, DomainName domain)
    {
        var parts = key.Split(' ', 2);
        // The pipeline records "A @", "CNAME www" and "TXT google-site-verification" (at the apex).
        var host = parts.Length == 2 && parts[1] == "www" ? $"www.{domain.Value}" : domain.Value;
        return $"{parts[0]} {host}";
    }
}
