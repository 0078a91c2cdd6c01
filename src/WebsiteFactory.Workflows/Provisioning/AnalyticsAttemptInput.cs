namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>Input of one Matomo attempt (<see cref="Activities.EnsureAnalyticsActivity"/>).</summary>
/// <param name="SiteId">The site.</param>
/// <param name="IdempotencyKey">Stable per orchestration instance and attempt; redeliveries carry the same key.</param>
/// <param name="Attempt">The site's attempt number (1-based, counted across runs), recorded as <c>analytics_attempts</c>.</param>
public sealed record AnalyticsAttemptInput(Guid SiteId, string IdempotencyKey, int Attempt);
