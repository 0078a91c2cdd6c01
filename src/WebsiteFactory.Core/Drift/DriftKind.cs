namespace WebsiteFactory.Core.Drift;

/// <summary>What a reconcile finding is.</summary>
public enum DriftKind
{
    /// <summary>At the vendor, but no site in the database owns it.</summary>
    Orphan,

    /// <summary>In the database, but missing at the vendor.</summary>
    Ghost,

    /// <summary>Present on both sides with a different value (a record's IP, TTL or proxied flag, the registrar's nameservers, ...).</summary>
    Drift,
}
