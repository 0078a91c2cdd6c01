namespace WebsiteFactory.Workflows.Content;

/// <summary>Input of <see cref="PublishSite"/>, <see cref="RegenerateContent"/> and <see cref="Redeploy"/>.</summary>
/// <param name="SiteId">The site.</param>
/// <param name="Settings">Settings; defaults when null.</param>
/// <param name="Exclusive">
/// <see cref="Redeploy"/> and <see cref="RollbackSite"/> only: check first, under the site's gate, that no other mutating operation of the site is active,
/// and fail with <see cref="SiteBusyException"/> (nothing done) when one is. Set by callers that start the instance outside
/// the API's per-site check (<see cref="Rollout.TemplateRollout"/>); the API checks before it starts.
/// </param>
public sealed record PublishSiteInput(Guid SiteId, ContentSettings? Settings = null, bool Exclusive = false);
