namespace WebsiteFactory.Workflows.Reconcile;

/// <summary>What a reconcile scans: every account and server in the database, and Matomo when it is configured.</summary>
/// <param name="CloudflareAccounts">Cloudflare account ids.</param>
/// <param name="RegistrarAccounts">Registrar account ids.</param>
/// <param name="Servers">CloudPanel server ids.</param>
/// <param name="GscAccounts">Search Console account ids.</param>
/// <param name="Matomo">Whether a Matomo instance is configured.</param>
/// <param name="ListedAt">When the targets were listed: the report's start (taken in the activity, so the orchestrator stays replay-safe and its inputs carry no clock).</param>
public sealed record ReconcileTargets(
    IReadOnlyList<Guid> CloudflareAccounts,
    IReadOnlyList<Guid> RegistrarAccounts,
    IReadOnlyList<Guid> Servers,
    IReadOnlyList<Guid> GscAccounts,
    bool Matomo,
    DateTimeOffset ListedAt = default);
