using WebsiteFactory.Providers.Shared;

namespace WebsiteFactory.Providers.Registrars;

/// <summary>Namecheap adapter settings (section <c>Providers:Namecheap</c>).</summary>
public sealed class NamecheapOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Providers:Namecheap";

    /// <summary>XML API endpoint. Default production <c>https://api.namecheap.com/xml.response</c>.</summary>
    public Uri Endpoint { get; set; } = new("https://api.namecheap.com/xml.response");

    /// <summary>Calls per minute per API user we allow ourselves. Default 18 (Namecheap: 20).</summary>
    public int PerMinute { get; set; } = 18;

    /// <summary>Calls per hour per API user we allow ourselves. Default 650 (Namecheap: 700).</summary>
    public int PerHour { get; set; } = 650;

    /// <summary>
    /// Added to the budget windows: permits are taken before a call leaves, Namecheap counts it when it arrives, so
    /// latency jitter at window edges would otherwise squeeze 20 calls into slightly less than a minute. It is also the
    /// longest a paid call may take to leave: a call later than this after its per-minute permit (the read-back of a
    /// three-call sequence after slow answers) pays a fresh per-minute permit first. Default 5 s.
    /// </summary>
    public TimeSpan WindowGuard { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Wait after an HTTP 405 throttle answer (Namecheap sends no Retry-After). Default 60 s.</summary>
    public TimeSpan ThrottleBackoff { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>HTTP resilience.</summary>
    public VendorHttpOptions Http { get; set; } = new();
}
