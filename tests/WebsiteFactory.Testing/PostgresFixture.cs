using Npgsql;
using Xunit;

namespace WebsiteFactory.Testing;

/// <summary>
/// A fresh, empty database on the shared test cluster (<see cref="TestPostgresCluster"/>). Use as an xunit class fixture
/// (<c>IClassFixture&lt;PostgresFixture&gt;</c>): each test class gets its own database, so classes run in parallel
/// without seeing each other's rows. Create more databases with <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private readonly List<NpgsqlDataSource> _sources = [];
    private string? _connectionString;

    /// <summary>Connection string of this fixture's database.</summary>
    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("Fixture not initialised.");

    /// <summary>A pooled data source for this fixture's database.</summary>
    public NpgsqlDataSource DataSource { get; private set; } = null!;

    /// <summary>The connection string of the cluster's <c>postgres</c> database (for admin work).</summary>
    public static async Task<string> AdminConnectionStringAsync()
    {
        var cluster = await TestPostgresCluster.GetAsync();
        return new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Database = "postgres" }.ConnectionString;
    }

    /// <summary>Creates a new empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix = "t")
    {
        var admin = await AdminConnectionStringAsync();
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)].ToLowerInvariant();
        await using (var conn = new NpgsqlConnection(admin))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
            await cmd.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    /// <summary>Creates a data source that is disposed with the fixture.</summary>
    public NpgsqlDataSource CreateDataSource(string connectionString, Action<NpgsqlDataSourceBuilder>? configure = null)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        configure?.Invoke(builder);
        var source = builder.Build();
        lock (_sources)
        {
            _sources.Add(source);
        }

        return source;
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _connectionString = await CreateDatabaseAsync();
        DataSource = CreateDataSource(_connectionString);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        foreach (var s in _sources)
        {
            await s.DisposeAsync();
        }
    }
}
