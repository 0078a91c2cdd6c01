namespace WebsiteFactory.Core.Ports.Stores;

/// <summary>The append-only audit of server console actions (<c>wf.server_actions</c>).</summary>
public interface IServerActionLog
{
    /// <summary>Appends one entry and returns its id.</summary>
    /// <param name="entry">The entry (<see cref="ServerActionEntry.Id"/> and <see cref="ServerActionEntry.At"/> are set by the database).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The new id.</returns>
    Task<long> AppendAsync(ServerActionEntry entry, CancellationToken cancellationToken = default);

    /// <summary>One server's entries, newest first.</summary>
    /// <param name="serverId">The server.</param>
    /// <param name="limit">At most this many (1-1000).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The entries.</returns>
    Task<IReadOnlyList<ServerActionEntry>> ListForServerAsync(Guid serverId, int limit = 100, CancellationToken cancellationToken = default);
}
