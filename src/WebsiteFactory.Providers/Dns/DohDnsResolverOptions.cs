using WebsiteFactory.Providers.Shared;

namespace WebsiteFactory.Providers.Dns;

/// <summary>DNS resolver settings (section <c>Providers:Dns</c>).</summary>
public sealed class DohDnsResolverOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Providers:Dns";

    /// <summary>DNS-over-HTTPS JSON endpoint. Default <c>https://cloudflare-dns.com/dns-query</c>.</summary>
    public Uri Endpoint { get; set; } = new("https://cloudflare-dns.com/dns-query");

    /// <summary>HTTP resilience.</summary>
    public VendorHttpOptions Http { get; set; } = new();
}
