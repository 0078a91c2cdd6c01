namespace WebsiteFactory.Api.Routing;

/// <summary>The rate-limit class of a route: which limiter a host applies to it.</summary>
/// <remarks>
/// The local server enforces these classes itself (<c>RateLimits</c> in WebsiteFactory.Server). The Azure Functions host
/// leaves rate limiting to the platform (scale limits, Azure Front Door or API Management when one is put in front).
/// </remarks>
public enum ApiRateLimit
{
    /// <summary>No limit of its own: reads.</summary>
    None = 0,

    /// <summary>The write limit: a token bucket per caller (<c>Server:WritePermitsPerMinute</c>).</summary>
    Write = 1,
}
