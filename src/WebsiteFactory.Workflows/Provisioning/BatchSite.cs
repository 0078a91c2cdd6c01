namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>A site of a batch with the domain its child instance id derives from.</summary>
/// <param name="SiteId">The site.</param>
/// <param name="Domain">Its domain (ASCII form).</param>
public sealed record BatchSite(Guid SiteId, string Domain)
{
    /// <summary>Child instance id (<see cref="SiteInstanceIds.Provision"/>): stable per domain, so starting a batch twice does not start a second pipeline for a site.</summary>
    public string InstanceId => SiteInstanceIds.Provision(this.Domain);
}
