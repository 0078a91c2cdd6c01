using System.Security.Cryptography;
using Npgsql;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Data.Repositories;

/// <summary>
/// <see cref="ISiteOperationGate"/> on a PostgreSQL transaction-level advisory lock: the lease is an open transaction that
/// holds <c>pg_advisory_xact_lock</c> on the site's key; committing (or the connection dying) frees it, so a crashed
/// caller never leaves a site locked, and nothing is written.
/// </summary>
/// <remarks>
/// Keys are the two-int form <c>(0x5746534F "WFSO", hash32(site id))</c>, apart from the server session slots ("WFSS")
/// and the single-bigint locks the migrator and engine take. Two sites whose hashes collide only wait for each other's
/// starts, which take milliseconds.
/// </remarks>
/// <param name="dataSource">The database.</param>
/// <param name="maxWait">
/// How long a start waits for another start of the same site (<c>lock_timeout</c> in the lock's transaction);
/// <see cref="DefaultMaxWait"/> when null (configured as <c>Database:SiteOperationLockWait</c>).
/// </param>
public sealed class PostgresSiteOperationGate(NpgsqlDataSource dataSource, TimeSpan? maxWait = null) : ISiteOperationGate
{
    /// <summary>The default wait for another start of the same site.</summary>
    public static readonly TimeSpan DefaultMaxWait = TimeSpan.FromSeconds(30);

    private const int Space = 0x5746534F;

    private readonly TimeSpan _maxWait = maxWait ?? DefaultMaxWait;

    /// <summary>The advisory lock key of a site's gate: <c>pg_advisory_xact_lock(key.Space, key.Site)</c>.</summary>
    /// <param name="siteId">The site.</param>
    /// <returns>The two-int key.</returns>
    public static (int Space, int Site) LockKey(Guid siteId) => (Space, BitConverter.ToInt32(SHA256.HashData(siteId.ToByteArray()), 0));

    /// <inheritdoc />
    public async Task<IAsyncDisposable> EnterAsync(Guid siteId, CancellationToken cancellationToken = default)
    {
        var (space, key) = LockKey(siteId);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        NpgsqlTransaction? transaction = null;
        try
        {
            transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var timeout = new NpgsqlCommand($"SET LOCAL lock_timeout = '{Math.Max(1, (int)_maxWait.TotalMilliseconds)}ms'", connection, transaction))
            {
                await timeout.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var cmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1, $2)", connection, transaction);
            cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = space });
            cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = key });
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return new Lease(connection, transaction);
        }
        catch (Exception e)
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
            }

            await connection.DisposeAsync().ConfigureAwait(false);
            if (e is PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable })
            {
                throw new SiteOperationGateTimeoutException(siteId, _maxWait, e);
            }

            throw;
        }
    }

    private sealed class Lease(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await transaction.CommitAsync().ConfigureAwait(false);
            }
            catch (NpgsqlException)
            {
                // The connection is gone, and with it the lock.
            }
            finally
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
