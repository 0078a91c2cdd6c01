namespace WebsiteFactory.Core.Drift;

/// <summary>One difference between the database and a vendor.</summary>
public sealed record DriftFinding
{
    /// <summary>Orphan, ghost or drift.</summary>
    public required DriftKind Kind { get; init; }

    /// <summary>The kind of vendor resource (<see cref="DriftVendors"/>).</summary>
    public required string Vendor { get; init; }

    /// <summary>The resource as an operator names it, e.g. <c>A www.example.com</c>, <c>sc-domain:example.com</c>, <c>Matomo site 7</c>.</summary>
    public required string Resource { get; init; }

    /// <summary>What differs, in one sentence.</summary>
    public required string Detail { get; init; }

    /// <summary>The domain the resource belongs to, when known.</summary>
    public string? Domain { get; init; }

    /// <summary>The site that owns (or, for an orphan record, whose zone holds) the resource; null for a resource of no site.</summary>
    public Guid? SiteId { get; init; }

    /// <summary>For DNS records: whether the record carries the ownership marker (<see cref="Ports.Vendors.RecordOwnership"/>).</summary>
    public bool Marked { get; init; }

    /// <summary>The account, server or property owner the resource was read from (a Cloudflare account id, a server id, ...).</summary>
    public Guid? ScopeId { get; init; }

    /// <summary>Cloudflare zone id, for zones and records.</summary>
    public string? ZoneId { get; init; }

    /// <summary>Cloudflare record id, for records.</summary>
    public string? RecordId { get; init; }

    /// <summary>True when a fix removed the resource in the run that produced this report.</summary>
    public bool Fixed { get; init; }

    /// <summary>Whether the drift fix may delete this finding's resource: a marked orphan DNS record, nothing else.</summary>
    public bool IsFixable => Kind == DriftKind.Orphan && Vendor == DriftVendors.CloudflareRecord && Marked && ZoneId is not null && RecordId is not null;
}
