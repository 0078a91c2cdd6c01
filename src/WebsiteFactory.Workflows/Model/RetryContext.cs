namespace WebsiteFactory.Workflows;

/// <summary>What a retry handler sees about a failed attempt.</summary>
/// <param name="OrchestrationContext">The orchestration context (use it for timers).</param>
/// <param name="LastAttemptNumber">The number of the attempt that just failed, starting at 1.</param>
/// <param name="LastFailure">The failure of that attempt.</param>
/// <param name="TotalRetryTime">Orchestration time elapsed since the first attempt was scheduled.</param>
/// <param name="CancellationToken">Cancelled when the orchestration no longer needs the result.</param>
public sealed record RetryContext(
    IOrchestrationContext OrchestrationContext,
    int LastAttemptNumber,
    TaskFailureDetails LastFailure,
    TimeSpan TotalRetryTime,
    CancellationToken CancellationToken);
