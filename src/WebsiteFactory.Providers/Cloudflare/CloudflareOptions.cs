using WebsiteFactory.Providers.Shared;

namespace WebsiteFactory.Providers.Cloudflare;

/// <summary>Cloudflare adapter settings (section <c>Providers:Cloudflare</c>).</summary>
public sealed class CloudflareOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Providers:Cloudflare";

    /// <summary>API base URL. Default <c>https://api.cloudflare.com/client/v4/</c>.</summary>
    public Uri BaseUrl { get; set; } = new("https://api.cloudflare.com/client/v4/");

    /// <summary>
    /// Requests per <see cref="Window"/> per account this product allows itself. Default 1140: Cloudflare's 1200 minus
    /// 5 % headroom for the dashboard and for latency jitter between our clock and theirs.
    /// </summary>
    public int RequestsPerWindow { get; set; } = 1140;

    /// <summary>Rate window. Default 5 minutes.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Added to <see cref="Window"/> when metering: a permit is taken when a request leaves, but Cloudflare counts it when
    /// it arrives, so latency jitter could otherwise squeeze a window's worth of requests into less time. Default 5 s.
    /// </summary>
    public TimeSpan WindowGuard { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Page size for list calls. Default 50.</summary>
    public int PageSize { get; set; } = 50;

    /// <summary>HTTP resilience.</summary>
    public VendorHttpOptions Http { get; set; } = new();
}
