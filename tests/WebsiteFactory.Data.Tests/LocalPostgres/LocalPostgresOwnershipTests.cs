using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using WebsiteFactory.Core.Hosting;
using WebsiteFactory.Data.LocalPostgres;

namespace WebsiteFactory.Data.Tests.LocalPostgres;

/// <summary>
/// A cluster left running by a predecessor: adopted and stopped when its owner is dead (a server killed with kill -9),
/// refused when a live process of the same database owns it.
/// </summary>
public sealed class LocalPostgresOwnershipTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "wf-own-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (File.Exists(Path.Combine(_dir, "data", "postmaster.pid")))
        {
            using var stop = Process.Start(new ProcessStartInfo(Path.Combine(PostgresBinaries.Find(), "pg_ctl"), ["-D", Path.Combine(_dir, "data"), "-m", "immediate", "-w", "stop"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            stop.WaitForExit();
        }

        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public async Task StartAsync_RunningClusterWhoseOwnerIsDead_AdoptsItAndStopsItOnDispose()
    {
        var port = FreePort();
        var options = new LocalPostgresOptions { Directory = _dir, Database = "wf_adopt", Port = port, ListenOnLoopback = true };
        var predecessor = await LocalPostgresCluster.StartAsync(options);
        Assert.True(predecessor.StartedByThisProcess);
        Assert.Equal(OwnerProcess.Current, predecessor.ReadOwner()?.Process);

        // The predecessor is killed: its record names a process that no longer exists, the postmaster runs on.
        var dead = DeadProcess();
        await File.WriteAllLinesAsync(predecessor.OwnerFile, [dead.Format(), "wf_adopt"]);

        var successor = await LocalPostgresCluster.StartAsync(options);

        Assert.True(successor.StartedByThisProcess);
        Assert.True(successor.Adopted);
        Assert.Equal(OwnerProcess.Current, successor.ReadOwner()?.Process);
        var postmaster = int.Parse((await File.ReadAllLinesAsync(Path.Combine(successor.DataDirectory, "postmaster.pid")))[0], System.Globalization.CultureInfo.InvariantCulture);
        await using (var conn = new NpgsqlConnection(successor.ConnectionString))
        {
            await conn.OpenAsync();
            Assert.Equal("wf_adopt", conn.Database);
        }

        await successor.DisposeAsync();

        NpgsqlConnection.ClearAllPools();
        Assert.Null(OwnerProcess.StartTimeOf(postmaster));
        Assert.False(File.Exists(Path.Combine(successor.DataDirectory, "postmaster.pid")));
        Assert.False(File.Exists(successor.OwnerFile));
        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, port));
    }

    [Fact]
    public async Task StartAsync_RunningClusterOwnedByLiveProcessOfSameDatabase_RefusesWithMessage()
    {
        var options = new LocalPostgresOptions { Directory = _dir, Database = "wf_busy", Port = FreePort() };
        var first = await LocalPostgresCluster.StartAsync(options);

        // Another server, still running, owns the cluster (PID 1 stands in for it: alive, and not this process).
        var other = new OwnerProcess(Environment.MachineName, 1, OwnerProcess.StartTimeOf(1) ?? 0);
        await File.WriteAllLinesAsync(first.OwnerFile, [other.Format(), "wf_busy"]);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => LocalPostgresCluster.StartAsync(options));
        Assert.Contains(_dir, e.Message, StringComparison.Ordinal);
        Assert.Contains("process 1 ", e.Message, StringComparison.Ordinal);
        Assert.Contains("LocalPostgres:Directory", e.Message, StringComparison.Ordinal);

        // Another database on the same cluster (the demo beside the server) shares it and leaves it to its owner.
        var guest = await LocalPostgresCluster.StartAsync(new LocalPostgresOptions { Directory = _dir, Database = "wf_guest", Port = options.Port });
        Assert.False(guest.StartedByThisProcess);
        await guest.DisposeAsync();
        Assert.True(File.Exists(Path.Combine(first.DataDirectory, "postmaster.pid")));
        Assert.Equal(other, first.ReadOwner()?.Process);
    }

    private static OwnerProcess DeadProcess()
    {
        using var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit();
        return new OwnerProcess(Environment.MachineName, p.Id, 0);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
