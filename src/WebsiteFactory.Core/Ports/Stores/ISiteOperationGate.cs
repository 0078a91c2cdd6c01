namespace WebsiteFactory.Core.Ports.Stores;

/// <summary>
/// Serialises the check-and-start of a site's mutating operations (provision, retry, teardown, rollback, redeploy,
/// regenerate) across every process that serves the API: the local server and each instance of the Functions app.
/// </summary>
/// <remarks>
/// An in-process lock is not enough: the Functions host runs the handlers on several instances at once. The one thing
/// every host shares is the database, so the lease is a lock there.
/// </remarks>
public interface ISiteOperationGate
{
    /// <summary>Waits until no other caller holds the site's gate, then holds it until the lease is disposed.</summary>
    /// <param name="siteId">The site.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The lease. A process that dies while holding one frees it too.</returns>
    /// <exception cref="SiteOperationGateTimeoutException">Another caller held the gate for longer than the wait allows.</exception>
    Task<IAsyncDisposable> EnterAsync(Guid siteId, CancellationToken cancellationToken = default);
}
