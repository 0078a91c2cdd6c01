namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>Input of <see cref="ProvisionSite"/>.</summary>
/// <param name="SiteId">The site to provision.</param>
/// <param name="Settings">Tunables; defaults when null.</param>
/// <param name="Exclusive">
/// Check first, under the site's gate, that no other mutating operation of the site (teardown, rollback, redeploy,
/// regenerate) is active, and fail without touching the site when one is (<see cref="Activities.CheckSiteIdleActivity"/>).
/// Every start in the product sets it (the API's <c>SiteInput</c>, a batch's children). False only in inputs written
/// before the check existed: their histories have no such step, so replaying them must not schedule it.
/// </param>
public sealed record ProvisionSiteInput(Guid SiteId, ProvisionSettings? Settings = null, bool Exclusive = false);
