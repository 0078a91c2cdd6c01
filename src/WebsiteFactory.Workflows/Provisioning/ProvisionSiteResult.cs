namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>Outcome of one site's provisioning: the output of a <b>completed</b> <see cref="ProvisionSite"/>, which always provisioned the site.</summary>
/// <param name="SiteId">The site.</param>
/// <param name="Succeeded">True: a failed step fails the instance (<see cref="SiteStepFailedException"/>) instead of completing it.</param>
/// <param name="FailedStep">Null on completed runs; kept so outputs of instances completed by earlier versions (which completed with a failed step) still read.</param>
/// <param name="Error">Null on completed runs; kept for the same reason as <paramref name="FailedStep"/>.</param>
/// <param name="AnalyticsWarning">Matomo failed (non-blocking), with the reason; null when it worked or was skipped.</param>
public sealed record ProvisionSiteResult(Guid SiteId, bool Succeeded, string? FailedStep = null, string? Error = null, string? AnalyticsWarning = null);
