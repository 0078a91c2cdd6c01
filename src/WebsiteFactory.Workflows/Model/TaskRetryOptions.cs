namespace WebsiteFactory.Workflows;

/// <summary>How a failed activity or sub-orchestration is retried: a declarative <see cref="RetryPolicy"/> or a handler.</summary>
public sealed class TaskRetryOptions
{
    /// <summary>Initializes a new instance of the <see cref="TaskRetryOptions"/> class from a policy.</summary>
    /// <param name="policy">The retry policy.</param>
    public TaskRetryOptions(RetryPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        this.Policy = policy;
    }

    /// <summary>Initializes a new instance of the <see cref="TaskRetryOptions"/> class from a handler.</summary>
    /// <param name="handler">The retry handler.</param>
    public TaskRetryOptions(AsyncRetryHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        this.Handler = handler;
    }

    /// <summary>Gets the retry policy, if this instance was built from one.</summary>
    public RetryPolicy? Policy { get; }

    /// <summary>Gets the retry handler, if this instance was built from one.</summary>
    public AsyncRetryHandler? Handler { get; }

    /// <summary>Converts a policy to retry options.</summary>
    /// <param name="policy">The policy.</param>
    public static implicit operator TaskRetryOptions(RetryPolicy policy) => FromRetryPolicy(policy);

    /// <summary>Creates retry options from a policy.</summary>
    /// <param name="policy">The policy.</param>
    /// <returns>The options.</returns>
    public static TaskRetryOptions FromRetryPolicy(RetryPolicy policy) => new(policy);

    /// <summary>Creates retry options from an asynchronous handler.</summary>
    /// <param name="handler">The handler.</param>
    /// <returns>The options.</returns>
    public static TaskRetryOptions FromRetryHandler(AsyncRetryHandler handler) => new(handler);

    /// <summary>Creates retry options from a synchronous handler.</summary>
    /// <param name="handler">The handler.</param>
    /// <returns>The options.</returns>
    public static TaskRetryOptions FromRetryHandler(RetryHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new(context => Task.FromResult(handler(context)));
    }
}
