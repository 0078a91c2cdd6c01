namespace WebsiteFactory.Core.Domain;

/// <summary>State of a site's DNS setup (<c>sites.status_dns</c>): Cloudflare zone, records, registrar delegation.</summary>
public enum DnsStatus
{
    /// <summary>Not started or in progress.</summary>
    Pending,
    /// <summary>Zone active and delegation confirmed.</summary>
    Active,
    /// <summary>A DNS step failed; see <see cref="Site.ErrorMessage"/>.</summary>
    Failed,
}
