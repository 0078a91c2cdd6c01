namespace WebsiteFactory.Core.Domain;

/// <summary>One row of the append-only <c>site_events</c> audit trail: who did what to which site, and how it went.</summary>
public sealed record SiteEvent
{
    /// <summary>Monotonic id (insertion order).</summary>
    public required long Id { get; init; }

    /// <summary>The site.</summary>
    public required Guid SiteId { get; init; }

    /// <summary>The pipeline step.</summary>
    public required SiteStep Step { get; init; }

    /// <summary>How it went.</summary>
    public required StepOutcome Outcome { get; init; }

    /// <summary>Sanitised message (secrets redacted).</summary>
    public string? Message { get; init; }

    /// <summary>Who: <c>workflow:{instanceId}</c>, <c>user:{name}</c>, <c>cli</c>, <c>system</c>.</summary>
    public required string Actor { get; init; }

    /// <summary>When (UTC, database clock).</summary>
    public required DateTimeOffset At { get; init; }
}
