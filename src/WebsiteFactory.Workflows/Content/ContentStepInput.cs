namespace WebsiteFactory.Workflows.Content;

/// <summary>Input of the content, build, deploy and Search Console activities.</summary>
/// <param name="SiteId">The site.</param>
/// <param name="IdempotencyKey">Stable per orchestration instance and step (<c>{instanceId}:{step}</c>).</param>
/// <param name="Settings">The run's settings.</param>
/// <param name="ReleaseId">Release name for build/deploy (chosen once by the orchestrator from its deterministic clock).</param>
public sealed record ContentStepInput(Guid SiteId, string IdempotencyKey, ContentSettings Settings, string? ReleaseId = null);
