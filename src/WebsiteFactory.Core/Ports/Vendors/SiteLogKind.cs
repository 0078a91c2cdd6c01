namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>Which of a site's nginx logs.</summary>
public enum SiteLogKind
{
    /// <summary><c>logs/nginx/access.log</c>.</summary>
    Access,

    /// <summary><c>logs/nginx/error.log</c>.</summary>
    Error,
}
