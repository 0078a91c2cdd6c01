using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>Input of <see cref="Activities.RecordStepFailureActivity"/>.</summary>
/// <param name="SiteId">The site.</param>
/// <param name="Step">The step that failed.</param>
/// <param name="Message">Sanitised reason.</param>
/// <param name="Actor">Who: <c>workflow:{instanceId}</c>.</param>
public sealed record StepFailureInput(Guid SiteId, SiteStep Step, string Message, string Actor);
