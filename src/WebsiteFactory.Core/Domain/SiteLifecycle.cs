namespace WebsiteFactory.Core.Domain;

/// <summary>Where a site is in its life (<c>sites.lifecycle_status</c>): live, or being removed by a teardown.</summary>
/// <remarks>
/// Teardown is a soft delete: the row and its audit trail stay, <see cref="Deleted"/> says every vendor resource is gone,
/// <see cref="Error"/> says at least one teardown step failed and left a resource behind (named in the site's events).
/// </remarks>
public enum SiteLifecycle
{
    /// <summary>The site exists (provisioned, partly provisioned, or not started).</summary>
    Active,
    /// <summary>A teardown is running.</summary>
    Deleting,
    /// <summary>A teardown removed every resource; the row is kept for the record.</summary>
    Deleted,
    /// <summary>A teardown finished with at least one failed step; see the site's <c>teardown</c> events for the orphans.</summary>
    Error,
}
