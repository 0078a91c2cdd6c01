namespace WebsiteFactory.Simulators;

/// <summary>Cloudflare simulator behaviour.</summary>
public sealed class CloudflareSimulatorOptions
{
    /// <summary>Requests per window per token. Default 1200.</summary>
    public int RateLimit { get; set; } = 1200;

    /// <summary>Rate-limit window. Default 5 minutes.</summary>
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a token is blocked after exceeding the limit. Default 5 minutes (Cloudflare's documented behaviour).</summary>
    public TimeSpan BlockDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Maximum pending zones per account before zone creation is refused. Default 50.</summary>
    public int PendingZoneCap { get; set; } = 50;

    /// <summary>How long after delegation the passive check activates a zone. Default 10 minutes.</summary>
    public TimeSpan PassiveActivationDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long after an activation check (with correct delegation) a zone becomes active. Default 30 seconds.</summary>
    public TimeSpan CheckedActivationDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Minimum interval between activation checks of one zone. Default 5 minutes (paid plans; Free is 1 hour).</summary>
    public TimeSpan ActivationCheckInterval { get; set; } = TimeSpan.FromMinutes(5);
}
