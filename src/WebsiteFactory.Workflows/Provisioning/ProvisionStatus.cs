namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>Custom status of a <see cref="ProvisionSite"/> instance: the current step (snake case) and a detail.</summary>
/// <param name="Step">Current step, e.g. <c>delegation</c>.</param>
/// <param name="Detail">What it is waiting for, if anything.</param>
public sealed record ProvisionStatus(string Step, string? Detail = null);
