namespace WebsiteFactory.Core.Drift;

/// <summary>The vendor resource kinds a reconcile compares (the <see cref="DriftFinding.Vendor"/> values).</summary>
public static class DriftVendors
{
    /// <summary>A Cloudflare zone.</summary>
    public const string CloudflareZone = "cloudflare-zone";

    /// <summary>A Cloudflare DNS record (A, CNAME, TXT).</summary>
    public const string CloudflareRecord = "cloudflare-record";

    /// <summary>The nameservers on file at the registrar.</summary>
    public const string Registrar = "registrar";

    /// <summary>A CloudPanel site (by doc root).</summary>
    public const string CloudPanel = "cloudpanel";

    /// <summary>A Matomo site.</summary>
    public const string Matomo = "matomo";

    /// <summary>A Search Console property.</summary>
    public const string SearchConsole = "search-console";
}
