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

    /// <summary>Skip the Matomo step (the site records analytics <c>skipped</c>). Default false.</summary>
    public bool SkipAnalytics { get; init; }

    /// <summary>
    /// First wait of the background Matomo retry (<see cref="AnalyticsRetry"/>) after a failed attempt; doubles up to
    /// <see cref="AnalyticsMaxRetry"/>. Default 1 minute.
    /// </summary>
    public TimeSpan AnalyticsFirstRetry { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest wait between background Matomo attempts. Default 6 hours.</summary>
    public TimeSpan AnalyticsMaxRetry { get; init; } = TimeSpan.FromHours(6);

    /// <summary>
    /// Attempts of one background Matomo retry run before it gives up (analytics <c>failed</c>, with the reason; the
    /// nightly reconcile starts a new run). With the defaults the run spans about four days. Default 20.
    /// </summary>
    public int AnalyticsMaxAttempts { get; init; } = 20;

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

    /// <summary>
    /// Roll back a provisioning that fails for good: after the failure is recorded, the teardown steps
    /// (<see cref="Teardown.TeardownSite"/>, as the child <c>provision-{domain}:rollback</c>) remove what the run created,
    /// and the site is back to not provisioned (lifecycle <c>active</c>, statuses pending) with the failure and "rolled
    /// back" in its error. Default false: a failed run keeps what it created, so a retry (rewind) re-runs only the failed
    /// step; deleting the zone would make Cloudflare assign new nameservers and restart the registrar update and the
    /// delegation wait (up to <see cref="DelegationTimeout"/>) on the next attempt.
    /// </summary>
    public bool RollbackOnFailure { get; init; }

    /// <summary>
    /// Site pipelines a batch (<c>POST /api/provision</c>) runs at once; default 100. The rate budgets pace the vendor calls,
    /// so this bounds only how many sites are in flight: raise it for big fleets over many accounts (a site holds its slot
    /// through delegation and publishing, so a window smaller than the fleet stretches the batch into rounds).
    /// </summary>
    public int BatchMaxParallel { get; init; } = 100;

    /// <summary>What a teardown (<see cref="Teardown.TeardownSite"/>) removes or leaves (configuration <c>Provisioning:Teardown</c>); defaults when null.</summary>
    public Teardown.TeardownSettings? Teardown { get; init; }

    /// <summary>Checks the settings; returns one sentence per problem (empty when valid).</summary>
    /// <returns>The problems, naming the setting under section <c>Provisioning</c>.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (BatchMaxParallel is < 1 or > 5000)
        {
            problems.Add("Provisioning:BatchMaxParallel must be between 1 and 5000.");
        }

        void Positive(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero)
            {
                problems.Add($"Provisioning:{name} must be a positive time span (got {value}).");
            }
        }

        Positive(this.DelegationFirstPoll, nameof(this.DelegationFirstPoll));
        Positive(this.DelegationMaxPoll, nameof(this.DelegationMaxPoll));
        Positive(this.StepFirstRetry, nameof(this.StepFirstRetry));
        Positive(this.StepMaxRetry, nameof(this.StepMaxRetry));
        Positive(this.AnalyticsFirstRetry, nameof(this.AnalyticsFirstRetry));
        Positive(this.AnalyticsMaxRetry, nameof(this.AnalyticsMaxRetry));
        if (this.AnalyticsMaxRetry < this.AnalyticsFirstRetry)
        {
            problems.Add($"Provisioning:AnalyticsMaxRetry ({this.AnalyticsMaxRetry}) must not be shorter than Provisioning:AnalyticsFirstRetry ({this.AnalyticsFirstRetry}).");
        }

        if (this.StepMaxAttempts < 1)
        {
            problems.Add($"Provisioning:StepMaxAttempts must be at least 1 (got {this.StepMaxAttempts}).");
        }

        if (this.AnalyticsMaxAttempts is < 1 or > MaxAnalyticsAttempts)
        {
            // Bounded: each attempt adds history events to one instance.
            problems.Add($"Provisioning:AnalyticsMaxAttempts must be between 1 and {MaxAnalyticsAttempts} (got {this.AnalyticsMaxAttempts}).");
        }

        return problems;
    }

    /// <summary>Returns the settings when <see cref="Validate"/> finds nothing, else throws naming every problem.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="InvalidOperationException">A setting is invalid.</exception>
    public ProvisionSettings ThrowIfInvalid()
    {
        var problems = this.Validate();
        return problems.Count == 0 ? this : throw new InvalidOperationException("Invalid provisioning settings: " + string.Join(" ", problems));
    }

    /// <summary>The largest <see cref="AnalyticsMaxAttempts"/> accepted.</summary>
    public const int MaxAnalyticsAttempts = 200;
}
