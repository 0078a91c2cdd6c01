namespace WebsiteFactory.Workflows;

/// <summary>Which terminal instances <see cref="IWorkflowClient.PurgeAllInstancesAsync"/> deletes (mirrors the SDK's filter).</summary>
/// <param name="CreatedFrom">Only instances created at or after this time.</param>
/// <param name="CreatedTo">Only instances created at or before this time.</param>
/// <param name="Statuses">Only these statuses; non-terminal statuses are ignored (only Completed, Failed, Terminated are ever purged). <see langword="null"/> means all terminal statuses.</param>
public sealed record PurgeInstancesFilter(
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    IEnumerable<OrchestrationRuntimeStatus>? Statuses = null)
{
    /// <summary>Gets a bound on instances that reached a terminal status before this time (used by retention).</summary>
    public DateTimeOffset? CompletedBefore { get; init; }
}
