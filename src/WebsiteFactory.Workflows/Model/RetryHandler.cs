namespace WebsiteFactory.Workflows;

/// <summary>Decides whether to retry a failed task. Runs in orchestrator code: it must be deterministic.</summary>
/// <param name="retryContext">The failure and attempt information.</param>
/// <returns><see langword="true"/> to retry.</returns>
public delegate bool RetryHandler(RetryContext retryContext);
