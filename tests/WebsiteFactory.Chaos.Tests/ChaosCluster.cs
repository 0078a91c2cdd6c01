using System.Diagnostics;
using WebsiteFactory.Data.LocalPostgres;

namespace WebsiteFactory.Chaos.Tests;

/// <summary>
/// A PostgreSQL cluster of one scenario's own (never the shared test cluster: scenario (b) stops it with
/// <c>pg_ctl stop -m immediate</c>), started with the product's <see cref="LocalPostgresCluster"/>.
/// </summary>
internal sealed class ChaosCluster : IAsyncDisposable
{
    private readonly LocalPostgresOptions _options;
    private LocalPostgresCluster _cluster;

    private ChaosCluster(LocalPostgresOptions options, LocalPostgresCluster cluster)
    {
        _options = options;
        _cluster = cluster;
    }

    public string ConnectionString => _cluster.ConnectionString;

    public static async Task<ChaosCluster> StartAsync(string directory)
    {
        var options = new LocalPostgresOptions { Directory = directory, Database = "wf_chaos" };
        options.ServerSettings["fsync"] = "off";
        options.ServerSettings["full_page_writes"] = "off";
        options.ServerSettings["max_connections"] = "300";
        return new ChaosCluster(options, await LocalPostgresCluster.StartAsync(options));
    }

    /// <summary><c>pg_ctl stop -m immediate</c>: every backend dies at once, no checkpoint (crash recovery on the next start).</summary>
    public async Task StopImmediateAsync()
    {
        var pgCtl = Path.Combine(PostgresBinaries.Find(), "pg_ctl");
        var psi = LocalPostgresCluster.IsRoot
            ? new ProcessStartInfo("runuser", ["-u", _options.ServerUser, "--", pgCtl, "-D", _cluster.DataDirectory, "-m", "immediate", "-w", "stop"])
            : new ProcessStartInfo(pgCtl, ["-D", _cluster.DataDirectory, "-m", "immediate", "-w", "stop"]);
        psi.RedirectStandardOutput = psi.RedirectStandardError = true;
        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync() + await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg_ctl stop -m immediate failed ({p.ExitCode}): {output}");
        }
    }

    /// <summary>Starts the cluster again on the same data directory (crash recovery runs first).</summary>
    public async Task RestartAsync()
    {
        // Pooled connections of this process point at the dead server; drop them before the first query.
        Npgsql.NpgsqlConnection.ClearAllPools();
        _cluster = await LocalPostgresCluster.StartAsync(_options);
    }

    public async ValueTask DisposeAsync() => await _cluster.StopAsync();
}
