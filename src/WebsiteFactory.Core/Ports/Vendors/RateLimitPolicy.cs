namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>A vendor limit: at most <paramref name="Limit"/> permits in any sliding <paramref name="Window"/>.</summary>
/// <param name="Limit">Permits per window (must be positive).</param>
/// <param name="Window">Window length (must be positive).</param>
public sealed record RateLimitPolicy(int Limit, TimeSpan Window)
{
    /// <summary>Cloudflare: 1200 requests per 5 minutes per account token.</summary>
    public static RateLimitPolicy CloudflareDefault { get; } = new(1200, TimeSpan.FromMinutes(5));

    /// <summary>Namecheap: 20 calls per minute per API user (as told to dnscontrol by Namecheap support).</summary>
    public static RateLimitPolicy NamecheapDefault { get; } = new(20, TimeSpan.FromMinutes(1));

    /// <summary>Let's Encrypt: 5 failed validations per hostname per hour.</summary>
    public static RateLimitPolicy LetsEncryptFailedValidations { get; } = new(5, TimeSpan.FromHours(1));
}
