namespace WebsiteFactory.Functions.Http;

/// <summary>Input of the <c>ProvisionBatch</c> orchestrator (same JSON as the local Server's).</summary>
/// <param name="Sites">The sites to provision.</param>
public sealed record BatchProvisionInput(IReadOnlyList<SiteProvisionInput> Sites);
