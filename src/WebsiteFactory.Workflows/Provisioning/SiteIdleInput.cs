namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>Input of <see cref="Activities.CheckSiteIdleActivity"/>.</summary>
/// <param name="SiteId">The site.</param>
/// <param name="InstanceId">The instance asking (its own id is not "another operation").</param>
public sealed record SiteIdleInput(Guid SiteId, string InstanceId);
