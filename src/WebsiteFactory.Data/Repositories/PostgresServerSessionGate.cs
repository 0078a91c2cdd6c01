using System.Security.Cryptography;
using Npgsql;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Data.Repositories;

/// <summary>
/// <see cref="IServerSessionGate"/> on PostgreSQL session-level advisory locks: a slot is a lock held on a connection of
/// its own for as long as the SSH session lasts. Nothing is written, and when a worker dies its connection closes and
/// PostgreSQL frees the slot, so a crash can never leak one.
/// </summary>
/// <remarks>
/// Keys are the two-int form <c>(0x57465353 "WFSS", hash28(server) * 16 + slot)</c>, apart from the single-bigint locks
/// the migrator and engine take. Two servers whose 28-bit hashes collide share a budget, which is only more cautious.
/// </remarks>
public sealed class PostgresServerSessionGate(NpgsqlDataSource dataSource, TimeProvider? clock = null) : IServerSessionGate
{
    private const int Space = 0x57465353;
    private static readonly TimeSpan MaxPoll = TimeSpan.FromSeconds(1);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <inheritdoc />
    public async Task<IAsyncDisposable> EnterAsync(Guid serverId, int maxSessions, TimeSpan maxWait, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSessions, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxSessions, 16);
        var baseKey = (int)(BitConverter.ToUInt32(SHA256.HashData(serverId.ToByteArray()), 0) & 0x0FFFFFFF) * 16;
        var deadline = _clock.GetUtcNow() + maxWait;
        var poll = TimeSpan.FromMilliseconds(50);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                for (var slot = 0; slot < maxSessions; slot++)
                {
                    await using var cmd = new NpgsqlCommand("SELECT pg_try_advisory_lock($1, $2)", connection);
                    cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Space });
                    cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = baseKey + slot });
                    if ((bool)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
                    {
                        return new Lease(connection, baseKey + slot);
                    }
                }

                if (_clock.GetUtcNow() >= deadline)
                {
                    throw new ProviderException("cloudpanel", ProviderErrorKind.Transient,
                        $"All {maxSessions} SSH sessions to server {serverId} stayed in use by other workers for {maxWait.TotalSeconds:0} s.");
                }

                await Task.Delay(poll, _clock, cancellationToken).ConfigureAwait(false);
                poll = poll * 2 > MaxPoll ? MaxPoll : poll * 2;
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private sealed class Lease(NpgsqlConnection connection, int key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var cmd = new NpgsqlCommand("SELECT pg_advisory_unlock($1, $2)", connection);
                cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Space });
                cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = key });
                await cmd.ExecuteScalarAsync().ConfigureAwait(false);
            }
            catch (NpgsqlException)
            {
                // The connection is gone, and with it the lock.
            }
            finally
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
