using WebsiteFactory.Workflows.Content;

namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>Tunables of one site's provisioning run (part of the orchestration input, so replays see the same values).</summary>
public sealed record ProvisionSettings
{
    /// <summary>TTL of the A and CNAME records in seconds; 1 = automatic. Default 1.</summary>
    public int RecordTtl { get; init; } = 1;

    /// <summary>Whether the A and CNAME records are proxied by Cloudflare. Default false (HTTP-01 and the origin check need the origin IP).</summary>
    public bool Proxied { get; init; }

    /// <summary>First wait between delegation checks. Default 1 minute.</summary>
    public TimeSpan DelegationFirstPoll { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest wait between delegation checks (the backoff doubles up to this). Default 30 minutes.</summary>
    public TimeSpan DelegationMaxPoll { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Give up on delegation after this long: <c>status_dns=failed</c>. Default 48 hours.</summary>
    public TimeSpan DelegationTimeout { get; init; } = TimeSpan.FromHours(48);

    /// <summary>Give up waiting for the A record to resolve to the server after this long. Default 2 hours.</summary>
    public TimeSpan OriginTimeout { get; init; } = TimeSpan.FromHours(2);

    /// <summary>First wait of step retries. Default 10 seconds.</summary>
    public TimeSpan StepFirstRetry { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait of step retries. Default 10 minutes.</summary>
    public TimeSpan StepMaxRetry { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Attempts per step before it fails. Default 6.</summary>
    public int StepMaxAttempts { get; init; } = 6;

    /// <summary>
    /// How long a step keeps retrying rate-limited failures (shared budget exhausted, vendor 429). These do not count
    /// against <see cref="StepMaxAttempts"/>: a queue behind a registrar's 20 calls/minute is progress, not failure.
    /// Default 24 hours.
    /// </summary>
    public TimeSpan RateLimitPatience { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Skip the Matomo step. Default false.</summary>
    public bool SkipAnalytics { get; init; }

    /// <summary>
    /// Run the publish pipeline (<c>Content.PublishSite</c>: content → build → deploy → Search Console) after TLS and
    /// Matomo. Default true; turn off where no content/deploy providers are configured (section <c>Provisioning</c>).
    /// </summary>
    public bool Publish { get; init; } = true;

    /// <summary>
    /// Timings and options of the publish pipeline (verification polling, step retries, pages); section
    /// <c>Provisioning:Content</c>. Null: the <see cref="ContentSettings"/> defaults.
    /// </summary>
    public ContentSettings? Content { get; init; }
}
