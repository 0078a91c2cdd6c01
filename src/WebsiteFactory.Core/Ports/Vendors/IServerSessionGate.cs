namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>
/// Bounds the concurrent SSH sessions to one hosting server across every worker process, not just within one: CloudPanel
/// serialises <c>clpctl</c> behind nginx reloads, and a burst of logins trips sshd's <c>MaxStartups</c>.
/// </summary>
public interface IServerSessionGate
{
    /// <summary>Waits for one of the server's <paramref name="maxSessions"/> slots; disposing the lease frees it.</summary>
    /// <param name="serverId">The hosting server.</param>
    /// <param name="maxSessions">Slots per server (1-16).</param>
    /// <param name="maxWait">Give up after this long with a transient <see cref="Errors.ProviderException"/>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The lease. A worker that dies while holding one frees it too.</returns>
    Task<IAsyncDisposable> EnterAsync(Guid serverId, int maxSessions, TimeSpan maxWait, CancellationToken cancellationToken = default);
}
