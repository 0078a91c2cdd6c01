namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>Output of a completed <see cref="AnalyticsRetry"/>: the Matomo site exists.</summary>
/// <param name="SiteId">The site.</param>
/// <param name="MatomoSiteId">The Matomo site id.</param>
/// <param name="Attempts">The site's attempts so far, the successful one included.</param>
public sealed record AnalyticsRetryResult(Guid SiteId, int MatomoSiteId, int Attempts);
