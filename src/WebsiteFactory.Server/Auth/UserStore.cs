using Npgsql;
using WebsiteFactory.Api.Auth;

namespace WebsiteFactory.Server.Auth;

/// <summary>Local dashboard users in <c>wf.users</c> (table created by the Data migrations); passwords stored hashed.</summary>
public sealed class UserStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    /// <summary>Counts users.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The count.</returns>
    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand("SELECT count(*) FROM wf.users");
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Finds a user by name (case-insensitive).</summary>
    /// <param name="userName">The name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The user, or null.</returns>
    public async Task<LocalUser?> FindAsync(string userName, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand(
            "SELECT id, user_name, password_hash, role, disabled_at IS NOT NULL FROM wf.users WHERE lower(user_name) = lower($1)");
        cmd.Parameters.AddWithValue(userName);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        if (!await r.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new LocalUser(r.GetGuid(0), r.GetString(1), r.GetString(2), AuthPolicies.TryParseScope(r.GetString(3), out var s) ? s : ApiScope.Read, r.GetBoolean(4));
    }

    /// <summary>Creates a user, or sets the password and role of the existing user with that name.</summary>
    /// <param name="userName">The name.</param>
    /// <param name="passwordHash">The password hash.</param>
    /// <param name="role">The scope granted.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The user's id.</returns>
    public async Task<Guid> UpsertAsync(string userName, string passwordHash, ApiScope role, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            INSERT INTO wf.users (id, user_name, password_hash, role, created_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT ((lower(user_name))) DO UPDATE SET password_hash = EXCLUDED.password_hash, role = EXCLUDED.role, disabled_at = NULL
            RETURNING id
            """);
        cmd.Parameters.AddWithValue(Guid.CreateVersion7());
        cmd.Parameters.AddWithValue(userName);
        cmd.Parameters.AddWithValue(passwordHash);
        cmd.Parameters.AddWithValue(AuthPolicies.Name(role));
        cmd.Parameters.AddWithValue(clock.GetUtcNow());
        return (Guid)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Finds a user by id.</summary>
    /// <param name="id">The user id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The user, or null.</returns>
    public async Task<LocalUser?> FindByIdAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand("SELECT user_name FROM wf.users WHERE id = $1");
        cmd.Parameters.AddWithValue(id);
        return await cmd.ExecuteScalarAsync(cancellationToken) is string name ? await FindAsync(name, cancellationToken) : null;
    }

    /// <summary>Replaces a user's password hash (after a rehash on sign-in or a password change).</summary>
    /// <param name="id">The user id.</param>
    /// <param name="passwordHash">The new hash.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public async Task SetPasswordHashAsync(Guid id, string passwordHash, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand("UPDATE wf.users SET password_hash = $2 WHERE id = $1");
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(passwordHash);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records a successful sign-in.</summary>
    /// <param name="id">The user id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public async Task TouchLoginAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand("UPDATE wf.users SET last_login_at = $2 WHERE id = $1");
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(clock.GetUtcNow());
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
