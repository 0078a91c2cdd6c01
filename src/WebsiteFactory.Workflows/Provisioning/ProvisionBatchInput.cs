namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>Input of <see cref="ProvisionBatch"/>.</summary>
/// <param name="SiteIds">Sites to provision.</param>
/// <param name="Settings">Settings for every site; defaults when null.</param>
/// <param name="MaxParallel">Child pipelines running at once (rate budgets do the fine-grained pacing). Default 100.</param>
public sealed record ProvisionBatchInput(IReadOnlyList<Guid> SiteIds, ProvisionSettings? Settings = null, int MaxParallel = 100);
