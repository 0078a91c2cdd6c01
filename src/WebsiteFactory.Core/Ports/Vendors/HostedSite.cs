namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>A static site found on a CloudPanel server by a read-only look (<see cref="ICloudPanelClient.FindSiteAsync"/>).</summary>
/// <param name="Domain">The site's domain.</param>
/// <param name="SiteUser">The Linux user whose home holds the doc root.</param>
/// <param name="DocRoot">The doc root, <c>/home/{siteUser}/htdocs/{domain}</c>.</param>
/// <param name="CertificateValid">
/// True when the server serves a CA-issued certificate for the domain and <c>www.</c> that is not about to expire (the
/// certificate step would order none).
/// </param>
/// <param name="CertificateDetail">The issuer when valid, else why not (missing, self-signed, expiring, unreadable).</param>
public sealed record HostedSite(string Domain, string SiteUser, string DocRoot, bool CertificateValid, string CertificateDetail);
