namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>One site's outcome in a batch.</summary>
/// <param name="SiteId">The site.</param>
/// <param name="Domain">Its domain.</param>
/// <param name="InstanceId">The child instance that provisioned it.</param>
/// <param name="Succeeded">DNS and hosting active.</param>
/// <param name="FailedStep">Failed step (snake case, from the child's <see cref="SiteStepFailedException"/>), or null.</param>
/// <param name="Error">Reason (the failed child's failure message without the step tag), or null.</param>
/// <param name="AnalyticsWarning">Non-blocking Matomo failure, or null.</param>
/// <param name="Analytics">The site's Matomo tracking after provisioning (<see cref="ProvisionSiteResult.Analytics"/>), or null.</param>
public sealed record SiteOutcome(Guid SiteId, string Domain, string InstanceId, bool Succeeded, string? FailedStep, string? Error, string? AnalyticsWarning, string? Analytics = null);
