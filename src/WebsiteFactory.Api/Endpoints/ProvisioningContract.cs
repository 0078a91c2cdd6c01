using WebsiteFactory.Core.Domain;
using WebsiteFactory.Workflows;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Api.Endpoints;

/// <summary>Names and instance ids of the orchestrations the operator routes start.</summary>
/// <remarks>
/// The per-site instance ids are derived from the domain (<see cref="SiteInstanceIds"/>, shared with the workflows and the
/// Functions host) so that a single provision and a batch (which starts one sub-orchestration per site with the same
/// id) never run the same site twice at once, and so a retry finds the run it retries.
/// </remarks>
public static class ProvisioningContract
{
    /// <summary>The per-site pipeline.</summary>
    public const string ProvisionSite = "ProvisionSite";

    /// <summary>The fleet batch.</summary>
    public const string ProvisionBatch = "ProvisionBatch";

    /// <summary>The teardown pipeline.</summary>
    public const string TeardownSite = WebsiteFactory.Workflows.Teardown.TeardownSite.Name;

    /// <summary>The nightly analytics aggregation.</summary>
    public const string NightlyAnalytics = WebsiteFactory.Workflows.Analytics.NightlyAnalytics.Name;

    /// <summary>Switches a site back to its previous release.</summary>
    public const string RollbackSite = WebsiteFactory.Workflows.Content.RollbackSite.Name;

    /// <summary>Rebuilds and redeploys a site from its stored content.</summary>
    public const string Redeploy = WebsiteFactory.Workflows.Content.Redeploy.Name;

    /// <summary>Rewrites every page of a site, then builds and deploys.</summary>
    public const string RegenerateContent = WebsiteFactory.Workflows.Content.RegenerateContent.Name;

    /// <summary>The instance id of a site's provisioning.</summary>
    /// <param name="domain">The domain.</param>
    /// <returns>The id.</returns>
    public static string SiteInstanceId(DomainName domain) => SiteInstanceIds.Provision(domain.Value);

    /// <summary>The instance id of a site's teardown.</summary>
    /// <param name="domain">The domain.</param>
    /// <returns>The id.</returns>
    public static string TeardownInstanceId(DomainName domain) => SiteInstanceIds.Teardown(domain.Value);

    /// <summary>The instance id of a content action on a site (<c>rollback-</c>, <c>redeploy-</c>, <c>regenerate-{domain}</c>).</summary>
    /// <param name="orchestrator">The content orchestrator (<see cref="RollbackSite"/>, <see cref="Redeploy"/> or <see cref="RegenerateContent"/>).</param>
    /// <param name="domain">The domain.</param>
    /// <returns>The id.</returns>
    public static string ContentInstanceId(string orchestrator, DomainName domain) => orchestrator switch
    {
        RollbackSite => SiteInstanceIds.Rollback(domain.Value),
        Redeploy => SiteInstanceIds.Redeploy(domain.Value),
        RegenerateContent => SiteInstanceIds.Regenerate(domain.Value),
        _ => throw new ArgumentException($"'{orchestrator}' is not a content action.", nameof(orchestrator)),
    };

    /// <summary>The input of <see cref="ProvisionSite"/>.</summary>
    /// <param name="site">The site.</param>
    /// <param name="settings">Pipeline timings (from configuration section <c>Provisioning</c>).</param>
    /// <returns>The input.</returns>
    public static ProvisionSiteInput SiteInput(Site site, ProvisionSettings? settings = null) => new(site.Id, settings, Exclusive: true);

    /// <summary>The input of <see cref="TeardownSite"/>.</summary>
    /// <param name="site">The site.</param>
    /// <param name="settings">Retry timings and the teardown choices (configuration sections <c>Provisioning</c>, <c>Provisioning:Teardown</c>).</param>
    /// <returns>The input.</returns>
    /// <param name="rollbackOf">Set for the rollback of a failed provisioning: why it failed (<c>step {step}: {reason}</c>).</param>
    public static WebsiteFactory.Workflows.Teardown.TeardownSiteInput TeardownInput(Site site, ProvisionSettings? settings = null, string? rollbackOf = null) => new(site.Id, settings, rollbackOf);

    /// <summary>The input of <see cref="ProvisionBatch"/>.</summary>
    /// <param name="sites">The sites.</param>
    /// <param name="settings">Pipeline timings.</param>
    /// <returns>The input.</returns>
    public static ProvisionBatchInput BatchInput(IReadOnlyList<Site> sites, ProvisionSettings? settings = null) => new([.. sites.Select(s => s.Id)], settings, settings?.BatchMaxParallel ?? 100);
}
