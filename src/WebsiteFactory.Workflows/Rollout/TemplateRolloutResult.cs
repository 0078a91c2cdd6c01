namespace WebsiteFactory.Workflows.Rollout;

/// <summary>Outcome of a <see cref="TemplateRollout"/>: counts, durations, and what happened to each site.</summary>
/// <param name="Total">Live sites the rollout covered.</param>
/// <param name="Waves">Waves planned.</param>
/// <param name="WavesRun">Waves started (fewer than <paramref name="Waves"/> when it stopped).</param>
/// <param name="Redeployed">Sites on the new release at the end (redeployed, health check passed, not rolled back).</param>
/// <param name="Failed">Sites whose redeploy or health check failed.</param>
/// <param name="Skipped">Sites skipped because another operation of the site was running (not failures).</param>
/// <param name="RolledBack">Sites switched back to their previous release after a stop.</param>
/// <param name="RollbackFailed">Sites whose rollback failed (or was skipped because the site had become busy); they need an operator.</param>
/// <param name="NotStarted">Sites of waves that never started because the rollout stopped.</param>
/// <param name="Stopped">True when a wave's failures stopped the rollout.</param>
/// <param name="StopReason">Why it stopped, or null.</param>
/// <param name="DurationSeconds">Wall time from start to finish (orchestration clock).</param>
/// <param name="WaveResults">Per wave: size, counts and duration.</param>
/// <param name="Sites">Per site, in wave order.</param>
public sealed record TemplateRolloutResult(
    int Total,
    int Waves,
    int WavesRun,
    int Redeployed,
    int Failed,
    int Skipped,
    int RolledBack,
    int RollbackFailed,
    int NotStarted,
    bool Stopped,
    string? StopReason,
    double DurationSeconds,
    IReadOnlyList<RolloutWaveResult> WaveResults,
    IReadOnlyList<RolloutSiteOutcome> Sites);

/// <summary>One wave of a <see cref="TemplateRollout"/>.</summary>
/// <param name="Wave">1-based wave number (1: canary).</param>
/// <param name="Size">Sites in the wave.</param>
/// <param name="Redeployed">Redeployed and healthy.</param>
/// <param name="Failed">Redeploy or health check failed.</param>
/// <param name="Skipped">Busy with another operation.</param>
/// <param name="DurationSeconds">From the wave's first start to its last health check.</param>
public sealed record RolloutWaveResult(int Wave, int Size, int Redeployed, int Failed, int Skipped, double DurationSeconds);

/// <summary>What a <see cref="TemplateRollout"/> did to one site.</summary>
/// <param name="SiteId">The site.</param>
/// <param name="Domain">Its domain.</param>
/// <param name="Wave">1-based wave number.</param>
/// <param name="Outcome">One of <see cref="RolloutOutcomes"/>.</param>
/// <param name="ReleaseId">The release the redeploy switched to, if it got that far.</param>
/// <param name="Error">Why it failed, was skipped or was not rolled back.</param>
public sealed record RolloutSiteOutcome(Guid SiteId, string Domain, int Wave, string Outcome, string? ReleaseId = null, string? Error = null);

/// <summary>The values of <see cref="RolloutSiteOutcome.Outcome"/>.</summary>
public static class RolloutOutcomes
{
    /// <summary>On the new release, health check passed.</summary>
    public const string Redeployed = "redeployed";

    /// <summary>Redeploy failed (nothing switched: the switch is atomic) or the health check failed.</summary>
    public const string Failed = "failed";

    /// <summary>Another operation of the site was running; not touched.</summary>
    public const string Skipped = "skipped";

    /// <summary>Was switched to the new release, then back to its previous release after the rollout stopped.</summary>
    public const string RolledBack = "rolled_back";

    /// <summary>Was switched, but the rollback failed or could not start; still on the new release.</summary>
    public const string RollbackFailed = "rollback_failed";

    /// <summary>Its wave never started because the rollout stopped.</summary>
    public const string NotStarted = "not_started";
}
