using Npgsql;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Data.Repositories;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Data.Tests.Repositories;

public sealed class PostgresServerSessionGateTests(MigratedDatabase db) : IClassFixture<MigratedDatabase>
{
    [Fact]
    public async Task EnterAsync_TwoSlots_ThirdWaitsUntilOneIsFreed()
    {
        // Two gates stand for two worker processes sharing the database. B's polls run on a fake clock, so each poll is
        // one step of the test and the wait never depends on how fast this machine is.
        var clock = new TimerAwareTimeProvider(DateTimeOffset.UnixEpoch);
        var workerA = new PostgresServerSessionGate(db.DataSource);
        var workerB = new PostgresServerSessionGate(db.DataSource, clock);
        var server = Guid.NewGuid();

        var first = await workerA.EnterAsync(server, 2, TimeSpan.FromSeconds(5));
        var second = await workerB.EnterAsync(server, 2, TimeSpan.FromSeconds(5));
        var third = workerB.EnterAsync(server, 2, TimeSpan.FromSeconds(10));
        await clock.WaitForTimersAsync(1); // tried both slots, waits to poll again
        clock.Advance(TimeSpan.FromMilliseconds(50));
        await clock.WaitForTimersAsync(2); // polled again: it must not get a slot while both are held
        Assert.False(third.IsCompleted);

        await first.DisposeAsync();
        clock.Advance(TimeSpan.FromMilliseconds(100));
        await using (await third.WaitAsync(TestBounds.RealWork))
        {
            // Another server has its own slots.
            await using var other = await workerA.EnterAsync(Guid.NewGuid(), 2, TimeSpan.FromSeconds(1));
        }

        await second.DisposeAsync();
    }

    [Fact]
    public async Task EnterAsync_AllSlotsHeldPastMaxWait_FailsTransient()
    {
        var clock = new TimerAwareTimeProvider(DateTimeOffset.UnixEpoch);
        var gate = new PostgresServerSessionGate(db.DataSource, clock);
        var server = Guid.NewGuid();
        await using var held = await gate.EnterAsync(server, 1, TimeSpan.FromSeconds(1));

        var waiting = gate.EnterAsync(server, 1, TimeSpan.FromMilliseconds(300));
        await clock.WaitForTimersAsync(1);
        clock.Advance(TimeSpan.FromMilliseconds(300)); // the next poll finds the slot still held, past the deadline
        var ex = await Assert.ThrowsAsync<ProviderException>(() => waiting.WaitAsync(TestBounds.RealWork));

        Assert.Equal(ProviderErrorKind.Transient, ex.Kind);
        Assert.Contains("stayed in use by other workers", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnterAsync_HolderConnectionKilled_SlotFreed()
    {
        // A worker killed mid-session: its connection dies and PostgreSQL drops its advisory locks.
        var gate = new PostgresServerSessionGate(db.DataSource);
        var server = Guid.NewGuid();
        await using var doomed = await gate.EnterAsync(server, 1, TimeSpan.FromSeconds(1));
        await using (var admin = await db.DataSource.OpenConnectionAsync())
        await using (var kill = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory' AND classid = 1464226643 AND objid::bigint = $1", admin))
        {
            // Only this server's slot 0 (the gate's key: 28 bits of SHA-256 of the id, times 16, plus the slot).
            kill.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (BitConverter.ToUInt32(System.Security.Cryptography.SHA256.HashData(server.ToByteArray()), 0) & 0x0FFFFFFF) * 16L });
            Assert.Equal(1L, await kill.ExecuteScalarAsync());
        }

        // pg_terminate_backend only signals the backend; the gate polls until its exit released the lock.
        await using var next = await gate.EnterAsync(server, 1, TestBounds.RealWork);
        Assert.NotNull(next);
    }
}
