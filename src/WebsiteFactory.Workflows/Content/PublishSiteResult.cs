namespace WebsiteFactory.Workflows.Content;

/// <summary>
/// Outcome of a <b>completed</b> publish run (<see cref="PublishSite"/>, <see cref="RegenerateContent"/>,
/// <see cref="Redeploy"/>): every requested step succeeded. A failed step fails the instance with
/// <see cref="SiteStepFailedException"/> instead of completing it.
/// </summary>
/// <param name="SiteId">The site.</param>
/// <param name="Succeeded">True on completed runs.</param>
/// <param name="FailedStep">Null on completed runs; kept so outputs of instances completed by earlier versions (which completed with a failed step) still read.</param>
/// <param name="Error">Null on completed runs; kept for the same reason as <paramref name="FailedStep"/>.</param>
/// <param name="ReleaseId">The release deployed, if any.</param>
/// <param name="SearchConsole">Search Console outcome: <c>verified</c>, <c>skipped</c> or <c>skipped (no Search Console account)</c>.</param>
public sealed record PublishSiteResult(Guid SiteId, bool Succeeded, string? FailedStep = null, string? Error = null, string? ReleaseId = null, string? SearchConsole = null);
