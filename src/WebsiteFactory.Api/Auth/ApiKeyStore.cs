using Npgsql;

namespace WebsiteFactory.Api.Auth;

/// <summary>API keys in <c>wf.api_keys</c> (table created by the Data migrations); only SHA-256 digests are stored.</summary>
public sealed class ApiKeyStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const string Columns = "id, name, key_prefix, scope, created_at, last_used_at, expires_at, revoked_at";

    /// <summary>Creates a key and returns it in clear, once.</summary>
    /// <param name="name">A unique label.</param>
    /// <param name="scope">What the key may do.</param>
    /// <param name="expiresAt">When it expires, if ever.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored record and the key.</returns>
    /// <exception cref="WebsiteFactory.Core.Ports.Stores.DuplicateEntityException">A key with that name exists.</exception>
    public async Task<(ApiKeyInfo Info, string Key)> CreateAsync(string name, ApiScope scope, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
    {
        var key = ApiKeyFormat.Generate();
        await using var cmd = dataSource.CreateCommand($"""
            INSERT INTO wf.api_keys (id, name, key_prefix, key_hash, scope, created_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            RETURNING {Columns}
            """);
        cmd.Parameters.AddWithValue(Guid.CreateVersion7());
        cmd.Parameters.AddWithValue(name);
        cmd.Parameters.AddWithValue(ApiKeyFormat.DisplayPrefix(key));
        cmd.Parameters.AddWithValue(ApiKeyFormat.Hash(key));
        cmd.Parameters.AddWithValue(AuthPolicies.Name(scope));
        cmd.Parameters.AddWithValue(clock.GetUtcNow());
        cmd.Parameters.AddWithValue(expiresAt.HasValue ? expiresAt.Value : DBNull.Value);
        try
        {
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return (Read(reader), key);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new WebsiteFactory.Core.Ports.Stores.DuplicateEntityException("API key", "name", name, e);
        }
    }

    /// <summary>Finds the active (not revoked, not expired) key with this value and notes its use.</summary>
    /// <param name="key">The presented key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The key, or null.</returns>
    public async Task<ApiKeyInfo?> FindActiveAsync(string key, CancellationToken cancellationToken = default)
    {
        // One statement: look up by digest and bump last_used_at at most once a minute (no write per request).
        await using var cmd = dataSource.CreateCommand($"""
            WITH hit AS (
                SELECT id FROM wf.api_keys
                WHERE key_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)
            ), touch AS (
                UPDATE wf.api_keys k SET last_used_at = $2
                FROM hit WHERE k.id = hit.id AND (k.last_used_at IS NULL OR k.last_used_at < $2 - interval '1 minute')
            )
            SELECT {Columns} FROM wf.api_keys WHERE id IN (SELECT id FROM hit)
            """);
        cmd.Parameters.AddWithValue(ApiKeyFormat.Hash(key));
        cmd.Parameters.AddWithValue(clock.GetUtcNow());
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>Lists all keys, newest first.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The keys (without their values).</returns>
    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT {Columns} FROM wf.api_keys ORDER BY created_at DESC, name");
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<ApiKeyInfo>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(Read(reader));
        }

        return list;
    }

    /// <summary>Revokes a key (kept for the audit trail).</summary>
    /// <param name="id">The key id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>False when no active key has that id.</returns>
    public async Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand("UPDATE wf.api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL");
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(clock.GetUtcNow());
        return await cmd.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Deletes the key with this name (used by the demo to replace its own key on every run).</summary>
    /// <param name="name">The key name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public async Task DeleteByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand("DELETE FROM wf.api_keys WHERE name = $1");
        cmd.Parameters.AddWithValue(name);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private static ApiKeyInfo Read(NpgsqlDataReader r) => new(
        r.GetGuid(0),
        r.GetString(1),
        r.GetString(2),
        AuthPolicies.TryParseScope(r.GetString(3), out var scope) ? scope : ApiScope.Read,
        r.GetFieldValue<DateTimeOffset>(4),
        r.IsDBNull(5) ? null : r.GetFieldValue<DateTimeOffset>(5),
        r.IsDBNull(6) ? null : r.GetFieldValue<DateTimeOffset>(6),
        r.IsDBNull(7) ? null : r.GetFieldValue<DateTimeOffset>(7));
}
