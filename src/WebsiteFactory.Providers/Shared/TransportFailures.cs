namespace WebsiteFactory.Providers.Shared;

/// <summary>What the HTTP adapters treat as "no answer, try again later" rather than a vendor's verdict.</summary>
internal static class TransportFailures
{
    /// <summary>
    /// The resilience pipeline gave up on the call (attempt or total timeout, an open circuit, a rate limiter: all
    /// <see cref="Polly.ExecutionRejectedException"/>) or HttpClient timed it out (<see cref="TaskCanceledException"/>),
    /// and not because the caller cancelled.
    /// </summary>
    /// <param name="e">The exception.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <returns>True when the call should become a transient <see cref="Core.Errors.ProviderException"/>.</returns>
    public static bool IsGivenUp(Exception e, CancellationToken cancellationToken) =>
        e is TaskCanceledException or Polly.ExecutionRejectedException && !cancellationToken.IsCancellationRequested;
}
