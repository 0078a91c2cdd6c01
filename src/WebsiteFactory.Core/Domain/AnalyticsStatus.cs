namespace WebsiteFactory.Core.Domain;

/// <summary>State of a site's Matomo tracking (<c>sites.analytics_status</c>).</summary>
/// <remarks>
/// Matomo never blocks provisioning, but it is never silent either: while the step has not succeeded, a background
/// orchestration retries it and the site shows <see cref="Pending"/> (or <see cref="Failed"/> once it gave up), with the
/// last reason in <see cref="Site.AnalyticsError"/> and the attempts in <see cref="Site.AnalyticsAttempts"/>.
/// </remarks>
public enum AnalyticsStatus
{
    /// <summary>No Matomo site yet: not attempted, or failed and being retried in the background.</summary>
    Pending,
    /// <summary>The Matomo site exists (<see cref="Site.MatomoSiteId"/>).</summary>
    Ok,
    /// <summary>The retries gave up or the error is permanent (bad token, ...); the nightly reconcile tries again.</summary>
    Failed,
    /// <summary>Provisioning ran with analytics turned off (<c>Provisioning:SkipAnalytics</c>).</summary>
    Skipped,
}
