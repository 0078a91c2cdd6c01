namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>Input of every provisioning activity.</summary>
/// <param name="SiteId">The site.</param>
/// <param name="IdempotencyKey">Stable per orchestration instance and step (<c>{instanceId}:{step}</c>); repeated deliveries carry the same key.</param>
/// <param name="Settings">The run's settings.</param>
public sealed record StepInput(Guid SiteId, string IdempotencyKey, ProvisionSettings Settings);
