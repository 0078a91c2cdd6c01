namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>Input of <see cref="AnalyticsRetry"/>, a site's background Matomo retry.</summary>
/// <param name="SiteId">The site.</param>
/// <param name="Settings">Backoff and give-up settings (<see cref="ProvisionSettings.AnalyticsFirstRetry"/> …); null: the defaults.</param>
/// <param name="PreviousAttempts">Attempts the site already made (inline in <see cref="ProvisionSite"/>, earlier runs), so the count continues.</param>
/// <param name="StartWithDelay">Wait <see cref="ProvisionSettings.AnalyticsFirstRetry"/> before the first attempt (the caller just failed one).</param>
public sealed record AnalyticsRetryInput(Guid SiteId, ProvisionSettings? Settings = null, int PreviousAttempts = 0, bool StartWithDelay = false);
