using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>Input of <see cref="Activities.RecordAnalyticsStatusActivity"/>.</summary>
/// <param name="SiteId">The site.</param>
/// <param name="Status">The new tracking state (<see cref="AnalyticsStatus.Failed"/> or <see cref="AnalyticsStatus.Skipped"/>; attempts record pending and ok themselves).</param>
/// <param name="Reason">Why (failed), or null.</param>
/// <param name="Attempts">The site's attempts so far, or null to leave the count.</param>
/// <param name="Actor">Who decided: <c>workflow:{instanceId}</c>.</param>
public sealed record AnalyticsStatusInput(Guid SiteId, AnalyticsStatus Status, string? Reason, int? Attempts, string Actor);
