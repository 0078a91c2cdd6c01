using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Teardown;

/// <summary>Input of <see cref="TeardownSite"/>; the same shape as <see cref="ProvisionSiteInput"/>.</summary>
/// <param name="SiteId">The site to tear down.</param>
/// <param name="Settings">Retry tunables and <see cref="ProvisionSettings.Teardown"/>; defaults when null.</param>
public sealed record TeardownSiteInput(Guid SiteId, ProvisionSettings? Settings = null);
