namespace WebsiteFactory.Core.Ports.Stores;

/// <summary>Sort key of <see cref="SiteQuery"/>; the id breaks ties so paging is stable.</summary>
public enum SiteSortOrder
{
    /// <summary>By domain (ASCII form).</summary>
    Domain,
    /// <summary>By creation time.</summary>
    CreatedAt,
    /// <summary>By last update.</summary>
    UpdatedAt,
}
