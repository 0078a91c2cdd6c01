using Microsoft.Extensions.Options;
using Npgsql;

namespace WebsiteFactory.Server.Auth;

/// <summary>
/// Server-side dashboard sessions in <c>wf.sessions</c>: the cookie carries a session id (<see cref="SessionIdClaim"/>),
/// and a cookie is only accepted while its row exists, so ending a session takes effect on the next request.
/// </summary>
public sealed class SessionStore(NpgsqlDataSource dataSource, IOptions<LocalAdminOptions> admin, TimeProvider clock)
{
    /// <summary>The cookie claim carrying the session id.</summary>
    public const string SessionIdClaim = "wf:sid";

    private TimeSpan Lifetime => TimeSpan.FromHours(admin.Value.CookieHours);

    /// <summary>Starts a session (and drops expired ones).</summary>
    /// <param name="userId">The user's stable id (the cookie's NameIdentifier).</param>
    /// <param name="method">How the user signed in (cookie or oidc).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The session id.</returns>
    public async Task<Guid> CreateAsync(string userId, string method, CancellationToken cancellationToken = default)
    {
        var id = Guid.NewGuid();
        var now = clock.GetUtcNow();
        await using var batch = dataSource.CreateBatch();
        var prune = new NpgsqlBatchCommand("DELETE FROM wf.sessions WHERE expires_at < $1");
        prune.Parameters.AddWithValue(now);
        var insert = new NpgsqlBatchCommand("INSERT INTO wf.sessions (id, user_id, method, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $4, $5)");
        insert.Parameters.AddWithValue(id);
        insert.Parameters.AddWithValue(userId);
        insert.Parameters.AddWithValue(method);
        insert.Parameters.AddWithValue(now);
        insert.Parameters.AddWithValue(now + Lifetime);
        batch.BatchCommands.Add(prune);
        batch.BatchCommands.Add(insert);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return id;
    }

    /// <summary>
    /// Whether a session is live: its row exists, has not expired and its local user (if any) is not disabled. Extends
    /// the session (sliding, like the cookie) at most once a minute, so a request costs one read, not a write.
    /// </summary>
    /// <param name="id">The session id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when the session may be used.</returns>
    public async Task<bool> IsActiveAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var cmd = dataSource.CreateCommand("""
            WITH hit AS (
                SELECT s.id FROM wf.sessions s
                WHERE s.id = $1 AND s.expires_at > $2
                  AND NOT EXISTS (SELECT 1 FROM wf.users u WHERE u.id::text = s.user_id AND u.disabled_at IS NOT NULL)
            ), touch AS (
                UPDATE wf.sessions s SET last_seen_at = $2, expires_at = $3
                FROM hit WHERE s.id = hit.id AND s.last_seen_at < $2 - interval '1 minute'
            )
            SELECT count(*) FROM hit
            """);
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(now);
        cmd.Parameters.AddWithValue(now + Lifetime);
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken))! == 1;
    }

    /// <summary>Ends one session.</summary>
    /// <param name="id">The session id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public async Task EndAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand("DELETE FROM wf.sessions WHERE id = $1");
        cmd.Parameters.AddWithValue(id);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Ends every session of a user, optionally keeping one.</summary>
    /// <param name="userId">The user's stable id.</param>
    /// <param name="except">A session to keep (the caller's own, after a password change), or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many sessions were ended.</returns>
    public async Task<int> EndAllAsync(string userId, Guid? except = null, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand("DELETE FROM wf.sessions WHERE user_id = $1 AND ($2::uuid IS NULL OR id <> $2::uuid)");
        cmd.Parameters.AddWithValue(userId);
        cmd.Parameters.Add(new NpgsqlParameter { Value = except.HasValue ? except.Value : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        return await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
