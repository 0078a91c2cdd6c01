namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>Outcome of one site's provisioning.</summary>
/// <param name="SiteId">The site.</param>
/// <param name="Succeeded">True when DNS and hosting are active.</param>
/// <param name="FailedStep">The step that failed (snake case), or null.</param>
/// <param name="Error">Sanitised reason, or null.</param>
/// <param name="AnalyticsWarning">Matomo failed (non-blocking), with the reason; null when it worked or was skipped.</param>
public sealed record ProvisionSiteResult(Guid SiteId, bool Succeeded, string? FailedStep = null, string? Error = null, string? AnalyticsWarning = null);
