namespace WebsiteFactory.Providers.Preflight;

/// <summary>Cloudflare limits pre-flight checks against (section <c>Preflight:Cloudflare</c>).</summary>
public sealed class PreflightCloudflareOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Preflight:Cloudflare";

    /// <summary>Pending zones an account may hold before Cloudflare refuses new ones. Default 50 (Cloudflare's older docs; unverified, lower on young accounts).</summary>
    public int PendingZoneCap { get; set; } = 50;
}
