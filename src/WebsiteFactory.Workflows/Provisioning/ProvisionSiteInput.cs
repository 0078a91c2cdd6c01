namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>Input of <see cref="ProvisionSite"/>.</summary>
/// <param name="SiteId">The site to provision.</param>
/// <param name="Settings">Tunables; defaults when null.</param>
public sealed record ProvisionSiteInput(Guid SiteId, ProvisionSettings? Settings = null);
