namespace WebsiteFactory.Core.Drift;

/// <summary>The outcome of one reconcile run: every finding, and the vendor scans that could not be read.</summary>
public sealed record DriftReport
{
    /// <summary>The orchestration instance that produced the report.</summary>
    public required string InstanceId { get; init; }

    /// <summary>When the run started (UTC, orchestration time).</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>When the run finished (UTC, orchestration time).</summary>
    public DateTimeOffset FinishedAt { get; init; }

    /// <summary>The findings, ordered by kind, vendor and resource.</summary>
    public IReadOnlyList<DriftFinding> Findings { get; init; } = [];

    /// <summary>
    /// Scans that failed (vendor down, bad token): one sentence each. A scan that failed reports nothing, so its resources
    /// are neither orphans nor ghosts in this report.
    /// </summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>Whether the run was asked to fix (delete marked orphan DNS records).</summary>
    public bool FixRequested { get; init; }

    /// <summary>Who asked for the run (<c>schedule</c>, <c>api:{key}</c>, ...).</summary>
    public string RequestedBy { get; init; } = "system";

    /// <summary>Number of findings of a kind.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The count.</returns>
    public int Count(DriftKind kind) => Findings.Count(f => f.Kind == kind);
}
