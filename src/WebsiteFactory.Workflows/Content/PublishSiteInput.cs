namespace WebsiteFactory.Workflows.Content;

/// <summary>Input of <see cref="PublishSite"/>, <see cref="RegenerateContent"/> and <see cref="Redeploy"/>.</summary>
/// <param name="SiteId">The site.</param>
/// <param name="Settings">Settings; defaults when null.</param>
public sealed record PublishSiteInput(Guid SiteId, ContentSettings? Settings = null);
