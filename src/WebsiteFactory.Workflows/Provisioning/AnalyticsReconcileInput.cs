namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>Input of the reconcile sweep (<see cref="Activities.ReconcileAnalyticsActivity"/>).</summary>
/// <param name="Settings">Settings of the retries it starts; null: the host's (section <c>Provisioning</c>).</param>
public sealed record AnalyticsReconcileInput(ProvisionSettings? Settings = null);
