namespace WebsiteFactory.Workflows.Rollout;

/// <summary>The custom status of a running <see cref="TemplateRollout"/>: progress that the CLI and the dashboard show.</summary>
/// <param name="Phase"><c>listing</c>, <c>wave</c>, <c>rolling_back</c> or <c>done</c>.</param>
/// <param name="Wave">Current wave, 1-based (0 before the first).</param>
/// <param name="Waves">Waves planned.</param>
/// <param name="Total">Live sites covered.</param>
/// <param name="Done">Sites finished so far (redeployed, failed or skipped).</param>
/// <param name="Redeployed">Redeployed and healthy so far.</param>
/// <param name="Failed">Failed so far.</param>
/// <param name="Skipped">Skipped (busy) so far.</param>
/// <param name="RolledBack">Rolled back so far.</param>
/// <param name="StopReason">Why the rollout is stopping, once it is.</param>
public sealed record TemplateRolloutStatus(
    string Phase,
    int Wave,
    int Waves,
    int Total,
    int Done,
    int Redeployed,
    int Failed,
    int Skipped,
    int RolledBack,
    string? StopReason = null);
