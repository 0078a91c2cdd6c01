namespace WebsiteFactory.Workflows.Teardown;

/// <summary>Input of every teardown activity.</summary>
/// <param name="SiteId">The site.</param>
/// <param name="Part">The resource the activity removes (or, for the failure record, failed to remove).</param>
/// <param name="Settings">The teardown's choices.</param>
/// <param name="Reason">Only for <see cref="Activities.RecordTeardownFailureActivity"/>: why the step failed.</param>
public sealed record TeardownStepInput(Guid SiteId, TeardownPart Part, TeardownSettings Settings, string? Reason = null);
