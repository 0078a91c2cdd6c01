using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Server.Api;

/// <summary>Names and instance ids of the orchestrations the operator routes start.</summary>
/// <remarks>
/// The per-site instance id is derived from the domain so that a single provision and a batch (which starts one
/// sub-orchestration per site with the same id) never run the same site twice at once.
/// </remarks>
public static class ProvisioningContract
{
    /// <summary>The per-site pipeline.</summary>
    public const string ProvisionSite = "ProvisionSite";

    /// <summary>The fleet batch.</summary>
    public const string ProvisionBatch = "ProvisionBatch";

    /// <summary>The teardown pipeline.</summary>
    public const string TeardownSite = "TeardownSite";

    /// <summary>The nightly analytics aggregation.</summary>
    public const string NightlyAnalytics = "NightlyAnalytics";

    /// <summary>The instance id of a site's provisioning.</summary>
    /// <param name="domain">The domain.</param>
    /// <returns>The id.</returns>
    public static string SiteInstanceId(DomainName domain) => "provision-" + domain.Value;

    /// <summary>The instance id of a site's teardown.</summary>
    /// <param name="domain">The domain.</param>
    /// <returns>The id.</returns>
    public static string TeardownInstanceId(DomainName domain) => "teardown-" + domain.Value;

    /// <summary>The input of <see cref="ProvisionSite"/>.</summary>
    /// <param name="site">The site.</param>
    /// <param name="fromStep">The step to start from (retry), or null for the whole pipeline.</param>
    /// <returns>The input.</returns>
    public static object SiteInput(Site site, SiteStep? fromStep = null) => new SiteProvisionInput(site.Id, site.Domain.Value, fromStep?.ToString());

    /// <summary>The input of <see cref="ProvisionBatch"/>.</summary>
    /// <param name="sites">The sites.</param>
    /// <returns>The input.</returns>
    public static object BatchInput(IReadOnlyList<Site> sites) => new BatchProvisionInput([.. sites.Select(s => new SiteProvisionInput(s.Id, s.Domain.Value, null))]);

    /// <summary>The input of one site's provisioning.</summary>
    /// <param name="SiteId">The site id.</param>
    /// <param name="Domain">The domain.</param>
    /// <param name="FromStep">The first step to run, or null for all.</param>
    public sealed record SiteProvisionInput(Guid SiteId, string Domain, string? FromStep);

    /// <summary>The input of a batch.</summary>
    /// <param name="Sites">The sites.</param>
    public sealed record BatchProvisionInput(IReadOnlyList<SiteProvisionInput> Sites);
}
