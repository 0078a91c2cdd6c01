using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Reconcile;

/// <summary>Input of one scan activity.</summary>
/// <param name="ScopeId">The Cloudflare account, registrar account, server or Search Console account to scan; null for Matomo (one instance).</param>
/// <param name="Settings">The provisioning settings (expected record TTL and proxied flag).</param>
public sealed record ReconcileScanInput(Guid? ScopeId, ProvisionSettings? Settings = null);
