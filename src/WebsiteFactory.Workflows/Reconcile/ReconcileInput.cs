using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Reconcile;

/// <summary>Input of <see cref="ReconcileVendors"/>.</summary>
/// <param name="Fix">Delete the marked orphan DNS records the scan finds (admin only at the API). Nothing else is ever changed.</param>
/// <param name="RequestedBy">Who asked (<c>schedule</c>, <c>api:{key name}</c>); written into the report and every audit event of a fix.</param>
/// <param name="Settings">The provisioning settings the expected record values come from (TTL, proxied); defaults when null.</param>
public sealed record ReconcileInput(bool Fix = false, string RequestedBy = "system", ProvisionSettings? Settings = null);
