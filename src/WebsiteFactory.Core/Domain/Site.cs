namespace WebsiteFactory.Core.Domain;

/// <summary>
/// One website of the portfolio: its domain, the accounts and server it uses, the status of each pipeline step and
/// the external ids each step learned. Mirrors a row of the <c>sites</c> table.
/// </summary>
/// <remarks>Holds no secrets: accounts and servers reference secrets by name only.</remarks>
public sealed record Site
{
    /// <summary>Primary key.</summary>
    public required Guid Id { get; init; }

    /// <summary>The validated domain (punycode form is stored).</summary>
    public required DomainName Domain { get; init; }

    /// <summary>Cloudflare account that hosts the zone.</summary>
    public Guid? CloudflareAccountId { get; init; }

    /// <summary>Registrar account that holds the domain.</summary>
    public Guid? RegistrarAccountId { get; init; }

    /// <summary>CloudPanel server that hosts the site.</summary>
    public Guid? ServerId { get; init; }

    /// <summary>Search Console account used for verification and analytics.</summary>
    public Guid? GscAccountId { get; init; }

    /// <summary>DNS status.</summary>
    public DnsStatus StatusDns { get; init; }

    /// <summary>Hosting status.</summary>
    public HostingStatus StatusHosting { get; init; }

    /// <summary>Content status.</summary>
    public ContentStatus StatusContent { get; init; }

    /// <summary>Deployment status.</summary>
    public DeploymentStatus StatusDeployment { get; init; }

    /// <summary>Search Console verification status.</summary>
    public GscVerificationStatus GscVerificationStatus { get; init; }

    /// <summary>CloudPanel doc root, <c>/home/{siteUser}/htdocs/{domain}</c>, once the hosting site exists.</summary>
    public string? HostingDocRoot { get; init; }

    /// <summary>Linux user of the CloudPanel site.</summary>
    public string? SiteUser { get; init; }

    /// <summary>Matomo site id, once created.</summary>
    public int? MatomoSiteId { get; init; }

    /// <summary>Matomo tracking state: pending until the (background-retried) Matomo step succeeds.</summary>
    public AnalyticsStatus AnalyticsStatus { get; init; }

    /// <summary>Why the Matomo step last failed (sanitised); null when it has not failed or succeeded since.</summary>
    public string? AnalyticsError { get; init; }

    /// <summary>Matomo step attempts so far (inline and background), 0 before the first.</summary>
    public int AnalyticsAttempts { get; init; }

    /// <summary>Whether the site is live or being (or has been) torn down (<c>sites.lifecycle_status</c>).</summary>
    public SiteLifecycle Lifecycle { get; init; }

    /// <summary>Model tokens spent on this site's content so far (all generation runs, including failed ones).</summary>
    public long ContentTokens { get; init; }

    /// <summary>Last error, sanitised (never contains secrets); null when the last step succeeded.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>Cloudflare zone id (32 hex).</summary>
    public string? CloudflareZoneId { get; init; }

    /// <summary>Nameservers Cloudflare assigned to the zone.</summary>
    public IReadOnlyList<string> AssignedNameservers { get; init; } = [];

    /// <summary>Cloudflare DNS record ids by logical key (e.g. <c>A @</c>, <c>CNAME www</c>, <c>TXT google-site-verification</c>).</summary>
    public IReadOnlyDictionary<string, string> RecordIds { get; init; } = new Dictionary<string, string>();

    /// <summary>Brand name used for content generation.</summary>
    public string? Brand { get; init; }

    /// <summary>Topic of the site used for content generation.</summary>
    public string? Niche { get; init; }

    /// <summary>Content language (BCP 47 tag), default <c>en</c>.</summary>
    public string Language { get; init; } = "en";

    /// <summary>Id of the last orchestration instance that worked on this site.</summary>
    public string? InstanceId { get; init; }

    /// <summary>Creation time (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Last update time (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
