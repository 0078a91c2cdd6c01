namespace WebsiteFactory.Workflows;

/// <summary>A filter and page request for <see cref="IWorkflowClient.QueryInstancesAsync"/> (mirrors <c>Microsoft.DurableTask.Client.OrchestrationQuery</c>).</summary>
/// <param name="CreatedFrom">Only instances created at or after this time.</param>
/// <param name="CreatedTo">Only instances created at or before this time.</param>
/// <param name="Statuses">Only instances in one of these statuses.</param>
/// <param name="InstanceIdPrefix">Only instance ids starting with this prefix.</param>
/// <param name="PageSize">Maximum results per page (1–1000).</param>
/// <param name="FetchInputsAndOutputs">Include input, output and custom status.</param>
/// <param name="ContinuationToken">The token from the previous page; <see langword="null"/> for the first.</param>
public sealed record OrchestrationQuery(
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    IEnumerable<OrchestrationRuntimeStatus>? Statuses = null,
    string? InstanceIdPrefix = null,
    int PageSize = OrchestrationQuery.DefaultPageSize,
    bool FetchInputsAndOutputs = false,
    string? ContinuationToken = null)
{
    /// <summary>The default page size.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>Gets an orchestrator name to filter by (case-insensitive), an extension over the SDK's query.</summary>
    public string? Name { get; init; }
}
