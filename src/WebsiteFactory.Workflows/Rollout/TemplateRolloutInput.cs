using WebsiteFactory.Workflows.Content;

namespace WebsiteFactory.Workflows.Rollout;

/// <summary>Input of <see cref="TemplateRollout"/>; every member is optional (null: the default in <see cref="RolloutPlan"/>).</summary>
/// <param name="CanarySize">Sites in the first (canary) wave; default the larger of 5 and <paramref name="CanaryPercent"/> of the fleet.</param>
/// <param name="CanaryPercent">Canary share of the fleet in percent when <paramref name="CanarySize"/> is not given; default 1.</param>
/// <param name="MaxWaveSize">Largest wave after the canary (waves double from the canary size up to this); default 100.</param>
/// <param name="MaxParallel">Redeploys running at once within a wave; default 20.</param>
/// <param name="FailureThreshold">
/// Share (0..1) of a later wave's sites that may fail (redeploy or health check) before the rollout stops and rolls back;
/// default 0.1 (stop when more than 10 % fail). Any failure in the canary wave stops it.
/// </param>
/// <param name="SiteIds">Limit the rollout to these sites (each still has to be live); null: every live site.</param>
/// <param name="Content">Step timings of the redeploys and rollbacks; default <see cref="ContentSettings"/>.</param>
public sealed record TemplateRolloutInput(
    int? CanarySize = null,
    double? CanaryPercent = null,
    int? MaxWaveSize = null,
    int? MaxParallel = null,
    double? FailureThreshold = null,
    IReadOnlyList<Guid>? SiteIds = null,
    ContentSettings? Content = null);
