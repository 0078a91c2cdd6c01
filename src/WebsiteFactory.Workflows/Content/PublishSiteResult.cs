namespace WebsiteFactory.Workflows.Content;

/// <summary>Outcome of a publish run.</summary>
/// <param name="SiteId">The site.</param>
/// <param name="Succeeded">True when every requested step succeeded.</param>
/// <param name="FailedStep">The step that failed (snake_case), if any.</param>
/// <param name="Error">Why, if it failed.</param>
/// <param name="ReleaseId">The release deployed, if any.</param>
/// <param name="SearchConsole">Search Console outcome: <c>verified</c>, <c>skipped</c>, or a failure reason.</param>
public sealed record PublishSiteResult(Guid SiteId, bool Succeeded, string? FailedStep = null, string? Error = null, string? ReleaseId = null, string? SearchConsole = null);
