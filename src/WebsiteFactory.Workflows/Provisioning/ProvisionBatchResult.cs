namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>Per-site report of a batch.</summary>
/// <param name="Succeeded">Sites fully provisioned.</param>
/// <param name="Failed">Sites that failed (isolated: the others carried on).</param>
/// <param name="Sites">Every site's outcome, in input order.</param>
public sealed record ProvisionBatchResult(int Succeeded, int Failed, IReadOnlyList<SiteOutcome> Sites);
