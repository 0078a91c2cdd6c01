namespace WebsiteFactory.Server.Auth;

/// <summary>Per-account sign-in backoff, bound from <c>Authentication:SignInBackoff</c> (besides the per-IP rate limit).</summary>
public sealed class SignInBackoffOptions
{
    /// <summary>Consecutive failed sign-ins of one account (from any IP) before it backs off. Default: 5.</summary>
    public int FreeFailures { get; set; } = 5;

    /// <summary>The pause after the last free failure; each further failure doubles it. Default: 30 seconds.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest pause. Default: 15 minutes.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failures older than this are forgotten (the count starts again). Default: 1 day.</summary>
    public TimeSpan ForgetAfter { get; set; } = TimeSpan.FromDays(1);
}
