using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Teardown;

/// <summary>Input of <see cref="TeardownSite"/>; the same shape as <see cref="ProvisionSiteInput"/>.</summary>
/// <param name="SiteId">The site to tear down.</param>
/// <param name="Settings">Retry tunables and <see cref="ProvisionSettings.Teardown"/>; defaults when null.</param>
/// <param name="RollbackOf">
/// Null for a teardown. Set, this run is the <b>rollback</b> of a failed provisioning, and says why it failed
/// (<c>{step}: {reason}</c>): the same steps run, but a complete run leaves the site <c>active</c> and not provisioned
/// (statuses pending) with the failure and "rolled back" in its error, instead of <c>deleted</c>.
/// </param>
public sealed record TeardownSiteInput(Guid SiteId, ProvisionSettings? Settings = null, string? RollbackOf = null);
