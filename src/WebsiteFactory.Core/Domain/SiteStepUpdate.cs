namespace WebsiteFactory.Core.Domain;

/// <summary>
/// What one pipeline step learned and decided about a site. Applied atomically by <see cref="Ports.ISiteStateStore"/>:
/// the non-null fields are written to <c>sites</c> and one row is appended to <c>site_events</c>, in one transaction.
/// </summary>
/// <remarks>
/// Null means "leave unchanged". For <see cref="ErrorMessage"/>, an empty string clears the stored error.
/// <see cref="Message"/> and <see cref="ErrorMessage"/> must already be sanitised: the store additionally redacts
/// anything that looks like a secret, but callers must never pass secret values.
/// </remarks>
public sealed record SiteStepUpdate
{
    /// <summary>The site.</summary>
    public required Guid SiteId { get; init; }

    /// <summary>The step that produced this update.</summary>
    public required SiteStep Step { get; init; }

    /// <summary>Outcome for the audit trail.</summary>
    public required StepOutcome Outcome { get; init; }

    /// <summary>Human-readable audit message.</summary>
    public string? Message { get; init; }

    /// <summary>Who did it: <c>workflow:{instanceId}</c>, <c>user:{name}</c>, <c>cli</c>.</summary>
    public string Actor { get; init; } = "system";

    /// <summary>New DNS status.</summary>
    public DnsStatus? StatusDns { get; init; }

    /// <summary>New hosting status.</summary>
    public HostingStatus? StatusHosting { get; init; }

    /// <summary>New content status.</summary>
    public ContentStatus? StatusContent { get; init; }

    /// <summary>New deployment status.</summary>
    public DeploymentStatus? StatusDeployment { get; init; }

    /// <summary>New Search Console status.</summary>
    public GscVerificationStatus? GscVerificationStatus { get; init; }

    /// <summary>Error to store (empty clears it).</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>Cloudflare zone id.</summary>
    public string? CloudflareZoneId { get; init; }

    /// <summary>Assigned nameservers.</summary>
    public IReadOnlyList<string>? AssignedNameservers { get; init; }

    /// <summary>Record ids to merge into <see cref="Site.RecordIds"/>.</summary>
    public IReadOnlyDictionary<string, string>? RecordIds { get; init; }

    /// <summary>CloudPanel doc root.</summary>
    public string? HostingDocRoot { get; init; }

    /// <summary>CloudPanel site user.</summary>
    public string? SiteUser { get; init; }

    /// <summary>Matomo site id.</summary>
    public int? MatomoSiteId { get; init; }

    /// <summary>New Matomo tracking state.</summary>
    public AnalyticsStatus? AnalyticsStatus { get; init; }

    /// <summary>Why the Matomo step failed (empty clears it); sanitised like <see cref="ErrorMessage"/>.</summary>
    public string? AnalyticsError { get; init; }

    /// <summary>Matomo step attempts so far (absolute, not added).</summary>
    public int? AnalyticsAttempts { get; init; }

    /// <summary>New lifecycle state (teardown: deleting, then deleted or error).</summary>
    public SiteLifecycle? Lifecycle { get; init; }
    /// <summary>
    /// Teardown succeeded: forget the deleted resources so the site can be provisioned again from scratch. Clears the zone
    /// id, nameservers, record ids, doc root and site user, and sets DNS, hosting and deployment back to pending (the
    /// events keep what was deleted). Overrides the corresponding fields of this update.
    /// </summary>
    public bool ForgetVendorResources { get; init; }
    /// <summary>With <see cref="ForgetVendorResources"/>: also clear the Matomo site id and set analytics back to pending (false when the Matomo site was kept).</summary>
    public bool ForgetAnalytics { get; init; }
    /// <summary>Model tokens to add to the site's running total (<see cref="Site.ContentTokens"/>); null or 0 adds nothing.</summary>
    public long? ContentTokens { get; init; }

    /// <summary>Orchestration instance id working on the site.</summary>
    public string? InstanceId { get; init; }
}
