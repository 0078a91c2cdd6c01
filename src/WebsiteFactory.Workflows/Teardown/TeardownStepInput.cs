namespace WebsiteFactory.Workflows.Teardown;

/// <summary>Input of every teardown activity.</summary>
/// <param name="SiteId">The site.</param>
/// <param name="Part">The resource the activity removes (or, for the failure record, failed to remove).</param>
/// <param name="Settings">The teardown's choices.</param>
/// <param name="Reason">
/// For <see cref="Activities.RecordTeardownFailureActivity"/>: why the step failed; for
/// <see cref="Activities.BeginTeardownActivity"/>: why the provisioning failed when the run is a rollback (null otherwise).
/// </param>
public sealed record TeardownStepInput(Guid SiteId, TeardownPart Part, TeardownSettings Settings, string? Reason = null);
