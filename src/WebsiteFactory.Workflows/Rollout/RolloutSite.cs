namespace WebsiteFactory.Workflows.Rollout;

/// <summary>A live site a <see cref="TemplateRollout"/> redeploys.</summary>
/// <param name="SiteId">The site.</param>
/// <param name="Domain">Its domain (ASCII form); its redeploy and rollback instance ids derive from it.</param>
public sealed record RolloutSite(Guid SiteId, string Domain);
