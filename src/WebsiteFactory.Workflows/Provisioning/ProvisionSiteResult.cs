namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>Outcome of one site's provisioning: the output of a <b>completed</b> <see cref="ProvisionSite"/>, which always provisioned the site.</summary>
/// <param name="SiteId">The site.</param>
/// <param name="Succeeded">True: a failed step fails the instance (<see cref="SiteStepFailedException"/>) instead of completing it.</param>
/// <param name="FailedStep">Null on completed runs; kept so outputs of instances completed by earlier versions (which completed with a failed step) still read.</param>
/// <param name="Error">Null on completed runs; kept for the same reason as <paramref name="FailedStep"/>.</param>
/// <param name="AnalyticsWarning">Matomo failed (non-blocking), with the reason and what happens next; null when it worked or was skipped.</param>
/// <param name="Analytics">
/// The site's Matomo tracking after this run: <c>ok</c>, <c>skipped</c>, <c>pending</c> (a background retry,
/// <c>analytics-{domain}</c>, keeps trying) or <c>failed</c> (permanent error). Only <c>ok</c>/<c>skipped</c> make the site
/// complete; otherwise it is live with a caveat. Null in outputs of earlier versions.
/// </param>
public sealed record ProvisionSiteResult(Guid SiteId, bool Succeeded, string? FailedStep = null, string? Error = null, string? AnalyticsWarning = null, string? Analytics = null);
