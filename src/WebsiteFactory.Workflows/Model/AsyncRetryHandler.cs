namespace WebsiteFactory.Workflows;

/// <summary>
/// Decides whether to retry a failed task. Runs in orchestrator code: it must be deterministic, and it may await
/// durable tasks (for example a timer, to back off).
/// </summary>
/// <param name="retryContext">The failure and attempt information.</param>
/// <returns><see langword="true"/> to retry.</returns>
public delegate Task<bool> AsyncRetryHandler(RetryContext retryContext);
