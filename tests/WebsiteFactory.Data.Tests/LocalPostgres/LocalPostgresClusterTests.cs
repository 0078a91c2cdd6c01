using Npgsql;
using WebsiteFactory.Data.LocalPostgres;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Data.Tests.LocalPostgres;

public sealed class LocalPostgresClusterTests : IClassFixture<PostgresFixture>
{
    private readonly PostgresFixture _db;

    public LocalPostgresClusterTests(PostgresFixture db) => _db = db;

    [Fact]
    public async Task Fixture_CreatesPrivateDatabaseOnSelfStartedCluster()
    {
        await using var conn = await _db.DataSource.OpenConnectionAsync();
        await using var cmd = new NpgsqlCommand("SELECT current_database(), current_setting('listen_addresses'), current_setting('unix_socket_permissions')", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.StartsWith("t_", reader.GetString(0), StringComparison.Ordinal);
        Assert.Equal(string.Empty, reader.GetString(1));
        Assert.Equal("0700", reader.GetString(2));
    }

    [Fact]
    public async Task StartAsync_ClusterAlreadyRunning_ReusesItAndDoesNotStopIt()
    {
        var shared = await TestPostgresCluster.GetAsync();
        var second = await LocalPostgresCluster.StartAsync(new LocalPostgresOptions { Directory = shared.RootDirectory, Database = "wf_reuse" });

        Assert.False(second.StartedByThisProcess);
        await second.DisposeAsync();

        // Still up: the process that started it owns its lifetime.
        await using var conn = new NpgsqlConnection(second.ConnectionString);
        await conn.OpenAsync();
        Assert.Equal("wf_reuse", conn.Database);
    }

    [Fact]
    public async Task StartAsync_FreshDirectory_InitialisesStartsAndStops()
    {
        var dir = Path.Combine(Path.GetTempPath(), "wf-lpc-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var cluster = await LocalPostgresCluster.StartAsync(new LocalPostgresOptions { Directory = dir, Database = "fresh_app" });
            Assert.True(cluster.StartedByThisProcess);
            Assert.True(File.Exists(Path.Combine(cluster.DataDirectory, "PG_VERSION")));
            var mode = File.GetUnixFileMode(cluster.SocketDirectory);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, mode);

            await using (var conn = new NpgsqlConnection(cluster.ConnectionString))
            {
                await conn.OpenAsync();
                Assert.Equal("fresh_app", conn.Database);
            }

            await cluster.StopAsync();
            NpgsqlConnection.ClearAllPools();
            await using var after = new NpgsqlConnection(cluster.ConnectionString);
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => after.OpenAsync());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task StartAsync_NoBinaries_ErrorNamesThePackageToInstall()
    {
        var empty = Directory.CreateTempSubdirectory("wf-nobin-");
        try
        {
            var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                LocalPostgresCluster.StartAsync(new LocalPostgresOptions { BinDirectory = empty.FullName, Directory = empty.FullName }));
            Assert.Contains("apt-get install postgresql", e.Message, StringComparison.Ordinal);
            Assert.Contains(empty.FullName, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public void Find_Default_LocatesInitdbAndPgCtl()
    {
        var bin = PostgresBinaries.Find();
        Assert.True(File.Exists(Path.Combine(bin, "initdb")));
        Assert.True(File.Exists(Path.Combine(bin, "postgres")));
    }

    [Fact]
    public async Task StartAsync_InvalidDatabaseName_IsRejected()
    {
        var shared = await TestPostgresCluster.GetAsync();
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            LocalPostgresCluster.StartAsync(new LocalPostgresOptions { Directory = shared.RootDirectory, Database = "x\"; DROP DATABASE postgres; --" }));
        Assert.Contains("must match", e.Message, StringComparison.Ordinal);
    }
}
