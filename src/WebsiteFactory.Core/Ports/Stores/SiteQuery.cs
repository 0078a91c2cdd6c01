using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Core.Ports.Stores;

/// <summary>Filters, order and page of <see cref="ISiteRepository.ListAsync"/>. All filters combine with AND.</summary>
public sealed record SiteQuery
{
    /// <summary>Largest allowed <see cref="Limit"/>.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Coarse progress filter.</summary>
    public SiteProgressFilter Progress { get; init; } = SiteProgressFilter.Any;

    /// <summary>Case-insensitive substring of the domain (ASCII or Unicode form) or brand.</summary>
    public string? Search { get; init; }

    /// <summary>Only this DNS status.</summary>
    public DnsStatus? StatusDns { get; init; }

    /// <summary>Only this hosting status.</summary>
    public HostingStatus? StatusHosting { get; init; }

    /// <summary>Only this content status.</summary>
    public ContentStatus? StatusContent { get; init; }

    /// <summary>Only this deployment status.</summary>
    public DeploymentStatus? StatusDeployment { get; init; }

    /// <summary>Only sites in one of these deployment statuses (null or empty: any; both filters apply when both are set).</summary>
    public IReadOnlyList<DeploymentStatus>? DeploymentStatuses { get; init; }

    /// <summary>Only this Search Console status.</summary>
    public GscVerificationStatus? GscVerificationStatus { get; init; }

    /// <summary>Only sites with this Matomo tracking state.</summary>
    public AnalyticsStatus? AnalyticsStatus { get; init; }

    /// <summary>Only sites of this Cloudflare account.</summary>
    public Guid? CloudflareAccountId { get; init; }

    /// <summary>Only sites of this registrar account.</summary>
    public Guid? RegistrarAccountId { get; init; }

    /// <summary>Only sites on this server.</summary>
    public Guid? ServerId { get; init; }

    /// <summary>Only sites of this Search Console account.</summary>
    public Guid? GscAccountId { get; init; }

    /// <summary>
    /// Only sites in one of these lifecycle states (active, deleting, deleted, error); null or empty: any. The repository
    /// default is any; <c>GET /api/sites</c> hides deleted sites unless asked (<c>lifecycle=all</c>).
    /// </summary>
    public IReadOnlyList<SiteLifecycle>? Lifecycles { get; init; }

    /// <summary>Sort key.</summary>
    public SiteSortOrder OrderBy { get; init; } = SiteSortOrder.Domain;

    /// <summary>Sort descending.</summary>
    public bool Descending { get; init; }

    /// <summary>Rows to skip.</summary>
    public int Offset { get; init; }

    /// <summary>Rows to return, 1 to <see cref="MaxLimit"/>; default 50.</summary>
    public int Limit { get; init; } = 50;

    /// <summary>Checks paging and search; returns the failures (empty when valid).</summary>
    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        if (Offset < 0)
        {
            errors.Add(new FieldError("offset", "Offset must not be negative."));
        }

        if (Limit is < 1 or > MaxLimit)
        {
            errors.Add(new FieldError("limit", $"Limit must be between 1 and {MaxLimit}."));
        }

        if (Search is { Length: > 253 })
        {
            errors.Add(new FieldError("search", "Search text is longer than 253 characters."));
        }

        return errors;
    }
}
