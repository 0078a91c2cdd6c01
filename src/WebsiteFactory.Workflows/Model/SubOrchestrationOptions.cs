namespace WebsiteFactory.Workflows;

/// <summary>Options for starting a sub-orchestration, including its instance id.</summary>
public record SubOrchestrationOptions : TaskOptions
{
    /// <summary>Initializes a new instance of the <see cref="SubOrchestrationOptions"/> class.</summary>
    /// <param name="retry">The retry options.</param>
    /// <param name="instanceId">The child's instance id; <see langword="null"/> derives one deterministically.</param>
    public SubOrchestrationOptions(TaskRetryOptions? retry = null, string? instanceId = null)
        : base(retry)
    {
        this.InstanceId = instanceId;
    }

    /// <summary>Initializes a new instance of the <see cref="SubOrchestrationOptions"/> class from task options.</summary>
    /// <param name="options">The options to copy.</param>
    /// <param name="instanceId">The child's instance id; <see langword="null"/> keeps the one in <paramref name="options"/>, if any.</param>
    public SubOrchestrationOptions(TaskOptions options, string? instanceId = null)
        : base(options)
    {
        this.InstanceId = instanceId ?? (options as SubOrchestrationOptions)?.InstanceId;
    }

    /// <summary>Gets the child's instance id; <see langword="null"/> derives one deterministically from the parent.</summary>
    public string? InstanceId { get; init; }
}
