namespace WebsiteFactory.Workflows.Content;

/// <summary>Input of the content, build, deploy and Search Console activities.</summary>
/// <param name="SiteId">The site.</param>
/// <param name="IdempotencyKey">Stable per orchestration execution and step (<c>{instanceId}:{execution start}:{step}</c>): the same for every retry of the step, new for a later run of a reused instance id.</param>
/// <param name="Settings">The run's settings.</param>
/// <param name="ReleaseId">Release name for build/deploy (chosen once by the orchestrator from its deterministic clock).</param>
public sealed record ContentStepInput(Guid SiteId, string IdempotencyKey, ContentSettings Settings, string? ReleaseId = null);
