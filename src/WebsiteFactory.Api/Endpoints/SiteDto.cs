using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Api.Endpoints;

/// <summary>A site as the API returns it (snake_case JSON).</summary>
public sealed record SiteDto
{
    /// <summary>Gets the site id.</summary>
    public required Guid Id { get; init; }

    /// <summary>Gets the domain (ASCII / punycode).</summary>
    public required string Domain { get; init; }

    /// <summary>Gets the domain in Unicode (IDN) form.</summary>
    public required string DomainUnicode { get; init; }

    /// <summary>Gets the overall progress: not_started, in_progress, failed, live (served; analytics pending or failed) or complete.</summary>
    public required string Progress { get; init; }

    /// <summary>Gets the Cloudflare account id.</summary>
    public Guid? CloudflareAccountId { get; init; }

    /// <summary>Gets the registrar account id.</summary>
    public Guid? RegistrarAccountId { get; init; }

    /// <summary>Gets the hosting server id.</summary>
    public Guid? ServerId { get; init; }

    /// <summary>Gets the Search Console account id.</summary>
    public Guid? GscAccountId { get; init; }

    /// <summary>Gets the DNS status.</summary>
    public DnsStatus StatusDns { get; init; }

    /// <summary>Gets the hosting status.</summary>
    public HostingStatus StatusHosting { get; init; }

    /// <summary>Gets the content status.</summary>
    public ContentStatus StatusContent { get; init; }

    /// <summary>Gets the deployment status.</summary>
    public DeploymentStatus StatusDeployment { get; init; }

    /// <summary>Gets the Search Console verification status.</summary>
    public GscVerificationStatus GscVerificationStatus { get; init; }

    /// <summary>Gets the CloudPanel document root.</summary>
    public string? HostingDocRoot { get; init; }

    /// <summary>Gets the CloudPanel site user.</summary>
    public string? SiteUser { get; init; }

    /// <summary>Gets the Matomo site id.</summary>
    public int? MatomoSiteId { get; init; }

    /// <summary>Gets the Matomo tracking state: pending (retrying in the background), ok, failed or skipped.</summary>
    public AnalyticsStatus AnalyticsStatus { get; init; }

    /// <summary>Gets why the Matomo step last failed (sanitised), or null.</summary>
    public string? AnalyticsError { get; init; }

    /// <summary>Gets the Matomo step attempts so far.</summary>
    public int AnalyticsAttempts { get; init; }

    /// <summary>Gets where the site is in its life: active, deleting (a teardown runs), deleted (soft-deleted) or error (a teardown left resources behind).</summary>
    public SiteLifecycle Lifecycle { get; init; }

    /// <summary>Model tokens spent on the site's content so far.</summary>
    public long ContentTokens { get; init; }

    /// <summary>Gets the last error (sanitised).</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>Gets the Cloudflare zone id.</summary>
    public string? CloudflareZoneId { get; init; }

    /// <summary>Gets the nameservers Cloudflare assigned.</summary>
    public IReadOnlyList<string> AssignedNameservers { get; init; } = [];

    /// <summary>Gets the DNS record ids by record key.</summary>
    public IReadOnlyDictionary<string, string> RecordIds { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the brand.</summary>
    public string? Brand { get; init; }

    /// <summary>Gets the niche.</summary>
    public string? Niche { get; init; }

    /// <summary>Gets the content language.</summary>
    public string Language { get; init; } = "en";

    /// <summary>Gets the last orchestration instance id.</summary>
    public string? InstanceId { get; init; }

    /// <summary>Gets when the site was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the site last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Maps a site.</summary>
    /// <param name="s">The site.</param>
    /// <returns>The DTO.</returns>
    public static SiteDto From(Site s) => new()
    {
        Id = s.Id,
        Domain = s.Domain.Value,
        DomainUnicode = s.Domain.Unicode,
        Progress = ProgressOf(s),
        CloudflareAccountId = s.CloudflareAccountId,
        RegistrarAccountId = s.RegistrarAccountId,
        ServerId = s.ServerId,
        GscAccountId = s.GscAccountId,
        StatusDns = s.StatusDns,
        StatusHosting = s.StatusHosting,
        StatusContent = s.StatusContent,
        StatusDeployment = s.StatusDeployment,
        GscVerificationStatus = s.GscVerificationStatus,
        HostingDocRoot = s.HostingDocRoot,
        SiteUser = s.SiteUser,
        MatomoSiteId = s.MatomoSiteId,
        ContentTokens = s.ContentTokens,
        AnalyticsStatus = s.AnalyticsStatus,
        AnalyticsError = SecretRedactor.Redact(s.AnalyticsError),
        AnalyticsAttempts = s.AnalyticsAttempts,
        Lifecycle = s.Lifecycle,
        ErrorMessage = SecretRedactor.Redact(s.ErrorMessage),
        CloudflareZoneId = s.CloudflareZoneId,
        AssignedNameservers = s.AssignedNameservers,
        RecordIds = s.RecordIds,
        Brand = s.Brand,
        Niche = s.Niche,
        Language = s.Language,
        InstanceId = s.InstanceId,
        CreatedAt = s.CreatedAt,
        UpdatedAt = s.UpdatedAt,
    };

    /// <summary>The overall progress of a site, as the <c>progress</c> list filter defines it.</summary>
    /// <param name="s">The site.</param>
    /// <returns>not_started, in_progress, failed, live or complete.</returns>
    /// <remarks>
    /// Complete needs the non-blocking Matomo tracking too (ok or skipped): a site whose blocking steps are done while
    /// analytics is pending or failed is <c>live</c>, so it is never reported as plain complete.
    /// </remarks>
    public static string ProgressOf(Site s)
    {
        if (s.StatusDns == DnsStatus.Failed || s.StatusHosting == HostingStatus.Failed || s.StatusContent == ContentStatus.Failed
            || s.StatusDeployment == DeploymentStatus.Failed || s.GscVerificationStatus == GscVerificationStatus.Failed)
        {
            return "failed";
        }

        if (s.StatusDns == DnsStatus.Active && s.StatusHosting == HostingStatus.Active && s.StatusContent == ContentStatus.Generated
            && s.StatusDeployment == DeploymentStatus.Deployed && s.GscVerificationStatus == GscVerificationStatus.Verified)
        {
            return s.AnalyticsStatus is AnalyticsStatus.Ok or AnalyticsStatus.Skipped ? "complete" : "live";
        }

        return s.StatusDns == DnsStatus.Pending && s.StatusHosting == HostingStatus.Pending && s.StatusContent == ContentStatus.Pending
            && s.StatusDeployment == DeploymentStatus.Pending && s.GscVerificationStatus == GscVerificationStatus.Pending
            ? "not_started"
            : "in_progress";
    }
}
