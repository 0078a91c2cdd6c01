using System.Diagnostics;
using WebsiteFactory.Data.LocalPostgres;

namespace WebsiteFactory.Testing;

/// <summary>
/// One private PostgreSQL cluster per test process, started on first use with the product's own
/// <see cref="LocalPostgresCluster"/> (so every test run also exercises the self-starting cluster) and stopped when the
/// process exits. Durability settings are relaxed (<c>fsync=off</c>): tests survive process crashes, not power cuts.
/// </summary>
public static class TestPostgresCluster
{
    private const string Prefix = "wf-test-pg-";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static LocalPostgresCluster? _cluster;

    /// <summary>Returns the shared cluster, starting it if needed.</summary>
    public static async Task<LocalPostgresCluster> GetAsync()
    {
        if (_cluster is not null)
        {
            return _cluster;
        }

        await Gate.WaitAsync();
        try
        {
            if (_cluster is not null)
            {
                return _cluster;
            }

            SweepOrphans();
            var options = new LocalPostgresOptions
            {
                Directory = Path.Combine(Path.GetTempPath(), $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]),
                Database = "wf_test",
            };
            options.ServerSettings["fsync"] = "off";
            options.ServerSettings["synchronous_commit"] = "off";
            options.ServerSettings["full_page_writes"] = "off";
            options.ServerSettings["max_connections"] = "400";
            options.ServerSettings["shared_buffers"] = "256MB";
            var cluster = await LocalPostgresCluster.StartAsync(options);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(cluster);
            _cluster = cluster;
            return cluster;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static void Stop(LocalPostgresCluster cluster)
    {
        try
        {
            cluster.StopAsync().GetAwaiter().GetResult();
            Directory.Delete(cluster.RootDirectory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // Best effort at exit; the next run sweeps what is left.
        }
    }

    /// <summary>Stops and deletes clusters left behind by test processes that died (SIGKILL, debugger stop).</summary>
    private static void SweepOrphans()
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            var name = Path.GetFileName(dir)[Prefix.Length..];
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || !int.TryParse(name[..dash], out var pid) || IsAlive(pid))
            {
                continue;
            }

            try
            {
                var psi = LocalPostgresCluster.IsRoot
                    ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", Path.Combine(PostgresBinaries.Find(), "pg_ctl"), "-D", Path.Combine(dir, "data"), "-m", "immediate", "-w", "stop"])
                    : new ProcessStartInfo(Path.Combine(PostgresBinaries.Find(), "pg_ctl"), ["-D", Path.Combine(dir, "data"), "-m", "immediate", "-w", "stop"]);
                psi.RedirectStandardOutput = psi.RedirectStandardError = true;
                using (var p = Process.Start(psi)!)
                {
                    p.WaitForExit(30_000);
                }

                Directory.Delete(dir, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Leave it; not our business to fail a test run over a stale temp directory.
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
