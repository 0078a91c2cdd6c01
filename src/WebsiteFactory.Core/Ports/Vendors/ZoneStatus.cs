namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>Lifecycle of a Cloudflare zone (<c>zone.status</c>).</summary>
public enum ZoneStatus
{
    /// <summary>Just created, not yet set up.</summary>
    Initializing,
    /// <summary>Waiting for the registrar to delegate to the assigned nameservers.</summary>
    Pending,
    /// <summary>Delegation confirmed; Cloudflare serves the zone.</summary>
    Active,
    /// <summary>The domain moved away from Cloudflare's nameservers.</summary>
    Moved,
}
