namespace WebsiteFactory.Workflows;

/// <summary>Options for scheduling an activity or sub-orchestration (mirrors <c>Microsoft.DurableTask.TaskOptions</c>).</summary>
public record TaskOptions
{
    /// <summary>Initializes a new instance of the <see cref="TaskOptions"/> class.</summary>
    /// <param name="retry">The retry options, or <see langword="null"/> for a single attempt.</param>
    /// <param name="tags">Optional tags (informational).</param>
    public TaskOptions(TaskRetryOptions? retry = null, IDictionary<string, string>? tags = null)
    {
        this.Retry = retry;
        this.Tags = tags;
    }

    /// <summary>Initializes a new instance of the <see cref="TaskOptions"/> class as a copy.</summary>
    /// <param name="options">The options to copy.</param>
    public TaskOptions(TaskOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.Retry = options.Retry;
        this.Tags = options.Tags;
        this.Version = options.Version;
    }

    /// <summary>Gets the retry options; <see langword="null"/> means one attempt.</summary>
    public TaskRetryOptions? Retry { get; init; }

    /// <summary>Gets informational tags.</summary>
    public IDictionary<string, string>? Tags { get; init; }

    /// <summary>Gets the orchestrator version to start (sub-orchestrations only); <see langword="null"/> means the default version.</summary>
    public string? Version { get; init; }

    /// <summary>Creates options that retry according to <paramref name="policy"/>.</summary>
    /// <param name="policy">The retry policy.</param>
    /// <returns>The options.</returns>
    public static TaskOptions FromRetryPolicy(RetryPolicy policy) => new(TaskRetryOptions.FromRetryPolicy(policy));

    /// <summary>Creates options that retry while <paramref name="handler"/> returns <see langword="true"/>.</summary>
    /// <param name="handler">The retry handler; it runs in orchestrator code and must be deterministic.</param>
    /// <returns>The options.</returns>
    public static TaskOptions FromRetryHandler(AsyncRetryHandler handler) => new(TaskRetryOptions.FromRetryHandler(handler));

    /// <summary>Creates options that retry while <paramref name="handler"/> returns <see langword="true"/>.</summary>
    /// <param name="handler">The retry handler; it runs in orchestrator code and must be deterministic.</param>
    /// <returns>The options.</returns>
    public static TaskOptions FromRetryHandler(RetryHandler handler) => new(TaskRetryOptions.FromRetryHandler(handler));

    /// <summary>Returns sub-orchestration options with these settings and the given child instance id.</summary>
    /// <param name="instanceId">The child's instance id.</param>
    /// <returns>The sub-orchestration options.</returns>
    public SubOrchestrationOptions WithInstanceId(string instanceId) => new(this, instanceId);
}
