namespace WebsiteFactory.Core.Domain;

/// <summary>State of a site's hosting (<c>sites.status_hosting</c>): CloudPanel site and TLS certificate.</summary>
public enum HostingStatus
{
    /// <summary>Not started or in progress.</summary>
    Pending,
    /// <summary>CloudPanel site exists and the certificate is installed.</summary>
    Active,
    /// <summary>A hosting step failed; see <see cref="Site.ErrorMessage"/>.</summary>
    Failed,
}
