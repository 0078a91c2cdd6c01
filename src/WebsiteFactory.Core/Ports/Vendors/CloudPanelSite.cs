namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>A static site on a CloudPanel server.</summary>
/// <param name="Domain">The site's domain.</param>
/// <param name="SiteUser">Its Linux user.</param>
/// <param name="DocRoot">Its document root, <c>/home/{siteUser}/htdocs/{domain}</c>.</param>
/// <param name="Created">True when this call created it; false when it already existed (and is ours).</param>
public sealed record CloudPanelSite(string Domain, string SiteUser, string DocRoot, bool Created);
